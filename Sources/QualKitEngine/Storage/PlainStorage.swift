/// Immutable storage for plain values that hot-path code reads through pointers: copied in once, freed
/// with its owner. Reading through the pointers costs no reference counting, which matters when several
/// threads evaluate against the same compiled rules (shared reference counts bounce between cores).
public final class PlainStorage: @unchecked Sendable { // written only during its owner's init
    private var blocks: [UnsafeMutableRawPointer] = []

    package func copy<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
        precondition(_isPOD(T.self), "PlainStorage holds plain values only")
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
        _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafeBufferPointer(start: p, count: values.count)
    }

    public init() {}

    deinit { for b in blocks { b.deallocate() } }
}
