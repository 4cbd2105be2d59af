#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole input in memory, read-only: a regular file mapped with `mmap`, or bytes given in memory.
///
/// The batch pipeline reads such an input without copying lines: the calling thread only cuts it into
/// batches at line ends, and the workers find the lines of their share. Standard input, pipes and devices
/// are read through ``LineReader`` batches instead.
// immutable after init but for `released`, which only the calling thread touches
final public class ContiguousInput: @unchecked Sendable {
    package let base: UnsafePointer<UInt8>
    public let count: Int
    private let mapped: Bool

    /// Maps the regular file open at `fileDescriptor` (of `size` bytes); `nil` when it cannot be mapped.
    public init?(fileDescriptor: Int32, size: Int) {
        guard size > 0 else { return nil }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fileDescriptor, 0), p != MAP_FAILED else { return nil }
        _ = madvise(p, size, MADV_SEQUENTIAL)
        base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
        count = size
        mapped = true
    }

    /// A copy of `bytes`.
    public init(bytes: [UInt8]) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        p.initialize(from: bytes, count: bytes.count)
        base = UnsafePointer(p)
        count = bytes.count
        mapped = false
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }

    /// Drops the mapped pages wholly before `offset` from memory (they stay in the page cache): a mapped
    /// file read once keeps a flat resident size. Nothing for bytes in memory.
    public func release(before offset: Int) {
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = offset / page * page
        guard end > released else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + released, end - released, MADV_DONTNEED)
        released = end
    }
    private var released = 0

    /// The offset just after the first line end at or after `index` (or `count`).
    public func lineEnd(from index: Int) -> Int {
        guard index < count else { return count }
        guard let hit = memchr(base + index, 0x0A, count - index) else { return count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
    }
}
