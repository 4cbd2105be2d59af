import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) as lines of bytes, in batches, with memory bounded by the batch size.
///
/// Handles a UTF-8 byte-order mark on the first line, CRLF line endings and a last line without a newline.
/// A line longer than ``maximumLineLength`` is not kept: the batch records its number and length, and
/// reading goes on after its end.
public final class LineReader {
    public let path: String
    public let fd: Int32
    public let ownsDescriptor: Bool
    public let maximumLineLength: Int
    public var buffer: [UInt8]
    public var start = 0, end = 0
    /// Where the lines not yet copied into the current batch begin in `buffer`, and where they go in it.
    public var regionStart = 0, regionBase = 0
    public var eof = false
    public var lineNumber = 0
    public var skippingOverlong = false
    public var overlongLength = 0
    /// Bytes consumed from the input so far.
    public private(set) var bytesRead = 0
    /// Size of the input when it is a regular file (for progress), else `nil`.
    public let fileSize: Int?

    /// A batch of lines sharing one byte buffer.
    public struct Batch {
        /// The lines' bytes: each line is `bytes[start..<(start + count)]`. Bytes after the last line are
        /// left over from earlier batches (the buffer is reused, not cleared).
        public internal(set) var bytes: [UInt8] = []
        /// How much of `bytes` this batch uses.
        public internal(set) var byteCount = 0
        /// Each line: where its bytes are in `bytes` and its 1-based line number.
        public var lines: [(start: Int, count: Int, number: Int)] = []
        /// Lines that were too long to keep.
        public var overlong: [(number: Int, length: Int)] = []
        public init() {}
        public mutating func removeAll() {
            byteCount = 0; lines.removeAll(keepingCapacity: true); overlong.removeAll()
        }
    }

    /// An input that cannot be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: cannot read the learner file: \(reason)" }
    }

    /// Opens `path` for reading; `-` is standard input.
    public init(path: String, maximumLineLength: Int = 64 << 20, chunkSize: Int = 1 << 20) throws(OpenError) {
        self.path = path
        self.maximumLineLength = maximumLineLength
        if path == "-" {
            fd = 0; ownsDescriptor = false; fileSize = nil
        } else {
            let d = open(path, O_RDONLY)
            guard d >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
            var st = stat()
            if fstat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(d)
                throw OpenError(path: path, reason: "it is a directory; give a JSON Lines or CSV file")
            }
            fd = d; ownsDescriptor = true
            fileSize = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        }
        buffer = Array(repeating: 0, count: max(chunkSize, 4096))
    }

    /// Reads from an open file descriptor (a pipe, a socket, standard input) named `name` in messages.
    public init(fileDescriptor: Int32, name: String, maximumLineLength: Int = 64 << 20, chunkSize: Int = 1 << 20) {
        path = name
        self.maximumLineLength = maximumLineLength
        fd = fileDescriptor; ownsDescriptor = false
        var st = stat()
        fileSize = fstat(fileDescriptor, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        buffer = Array(repeating: 0, count: max(chunkSize, 4096))
    }

    /// The whole input in memory when it is a regular file not yet read (mapped) or bytes given in memory
    /// (copied); `nil` for standard input, pipes and devices, which are read in batches.
    public func contiguous() -> ContiguousInput? {
        guard bytesRead == 0 || fd < 0, start == 0 else { return nil }
        if fd < 0 { return ContiguousInput(bytes: Array(buffer[0..<end])) }
        // A descriptor someone has already read from is read on from where it is, not mapped from 0.
        guard let size = fileSize, lseek(fd, 0, SEEK_CUR) == 0 else { return nil }
        return ContiguousInput(fileDescriptor: fd, size: size)
    }

    /// Reads `bytes` held in memory, named `name` in messages.
    public init(bytes: [UInt8], name: String, maximumLineLength: Int = 64 << 20) {
        path = name
        self.maximumLineLength = maximumLineLength
        fd = -1; ownsDescriptor = false
        fileSize = bytes.count
        buffer = bytes
        end = bytes.count
        bytesRead = bytes.count
        eof = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Fills `batch` with up to `maxLines` lines or about `maxBytes` bytes. Returns `false` at the end of the
    /// input with nothing added.
    ///
    /// Lines are not copied one by one: the run of complete lines found in the read buffer (the region from
    /// `regionStart`) is copied into the batch in one piece before the buffer is refilled or the call ends.
    public func next(into batch: inout Batch, maxLines: Int = 8192, maxBytes: Int = 8 << 20) -> Bool {
        batch.removeAll()
        batch.lines.reserveCapacity(min(maxLines, 1 << 16))
        regionStart = start
        regionBase = 0
        while batch.lines.count < maxLines && regionBase + (start - regionStart) < maxBytes {
            if !skippingOverlong && start < end {
                scanLines(into: &batch, maxLines: maxLines, maxBytes: maxBytes)
                if batch.lines.count >= maxLines || regionBase + (start - regionStart) >= maxBytes { break }
            }
            var nl = -1
            if start < end {
                buffer.withUnsafeBufferPointer { b in
                    if let hit = memchr(b.baseAddress! + start, 0x0A, end - start) {
                        nl = UnsafeRawPointer(hit) - UnsafeRawPointer(b.baseAddress!)
                    }
                }
            }
            if skippingOverlong {
                if nl >= 0 {
                    lineNumber += 1
                    batch.overlong.append((lineNumber, overlongLength + nl - start))
                    skippingOverlong = false
                    start = nl + 1
                    regionStart = start // the overlong line's bytes are not kept
                    continue
                }
                overlongLength += end - start
                start = 0; end = 0
                regionStart = 0
                if eof {
                    lineNumber += 1
                    batch.overlong.append((lineNumber, overlongLength))
                    skippingOverlong = false
                    break
                }
                refill()
                continue
            }
            if nl >= 0 {
                emit(from: start, to: nl, into: &batch)
                start = nl + 1
                continue
            }
            if eof {
                if start < end { emit(from: start, to: end, into: &batch) }
                start = end
                break
            }
            if start == 0 && end == buffer.count && buffer.count >= maximumLineLength {
                skippingOverlong = true
                overlongLength = 0
                continue
            }
            commit(into: &batch)
            refill()
            regionStart = start
        }
        commit(into: &batch)
        return !(batch.lines.isEmpty && batch.overlong.isEmpty)
    }

    /// Records every complete line from `start` on, within the batch's limits: the common case, on locals
    /// (the reader's stored properties cost an exclusivity check at each access, and this runs per line on
    /// the thread that feeds the workers).
    private func scanLines(into batch: inout Batch, maxLines: Int, maxBytes: Int) {
        var s = start, number = lineNumber
        let e = end, regionStart = self.regionStart, regionBase = self.regionBase, limit = maximumLineLength
        buffer.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            while s < e && batch.lines.count < maxLines && regionBase + (s - regionStart) < maxBytes {
                guard let hit = memchr(base + s, 0x0A, e - s) else { break }
                let nl = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                number += 1
                let (a, z) = Self.content(base, s, nl, firstLine: number == 1)
                if z - a > limit {
                    batch.overlong.append((number, z - a))
                } // within one read buffer
                else {
                    batch.lines.append((regionBase + (a - regionStart), z - a, number))
                }
                s = nl + 1
            }
        }
        start = s
        lineNumber = number
    }

    /// Copies the lines found since `regionStart` into the batch, with one `memcpy`.
    private func commit(into batch: inout Batch) {
        let n = start - regionStart
        if n > 0 {
            let at = batch.byteCount
            if batch.bytes.count < at + n {
                // Grow to what is needed (zeros, overwritten below); the array's own capacity doubling keeps
                // this amortised. (Growing by a megabyte more wrote a megabyte of zeros for every small
                // input: the fuzzer found it.)
                batch.bytes.append(contentsOf: repeatElement(0, count: at + n - batch.bytes.count))
            }
            let from = regionStart
            buffer.withUnsafeBufferPointer { b in
                batch.bytes.withUnsafeMutableBufferPointer { out in
                    _ = memcpy(out.baseAddress! + at, b.baseAddress! + from, n)
                }
            }
            batch.byteCount = at + n
        }
        regionStart = start
        regionBase = batch.byteCount
    }

    /// Reads the whole remaining input as lines joined by `\n` (line endings normalised, byte-order mark
    /// removed): for formats that must be read whole, such as CSV grouped by learner.
    public func readAll() -> [UInt8] {
        var data: [UInt8] = []
        var batch = Batch()
        while next(into: &batch) {
            for l in batch.lines {
                data.append(contentsOf: batch.bytes[l.start..<(l.start + l.count)])
                data.append(0x0A)
            }
        }
        return data
    }

    /// Records the line `s..<e` of the buffer (without a trailing CR, or the byte-order mark on line 1);
    /// its bytes reach the batch at the next ``commit(into:)``.
    private func emit(from start: Int, to end: Int, into batch: inout Batch) {
        lineNumber += 1
        let first = lineNumber == 1
        let (regionStart, regionBase) = (self.regionStart, self.regionBase)
        buffer.withUnsafeBufferPointer { b in
            let (a, z) = Self.content(b.baseAddress!, start, end, firstLine: first)
            if z - a > maximumLineLength {
                batch.overlong.append((lineNumber, z - a))
            } // within one read buffer
            else {
                batch.lines.append((regionBase + (a - regionStart), z - a, lineNumber))
            }
        }
    }

    /// The line `s..<e` of `base` without a trailing CR, nor the byte-order mark of the first line.
    @inline(__always)
    static public func content(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, firstLine: Bool) -> (Int, Int) {
        var a = start, z = end
        if z > a, base[z - 1] == 0x0D { z -= 1 }
        if firstLine, z - a >= 3, base[a] == 0xEF, base[a + 1] == 0xBB, base[a + 2] == 0xBF { a += 3 }
        return (a, z)
    }

    private func refill() {
        // Move the partial line to the front; grow the buffer for a long line, up to the limit.
        if start > 0 {
            let n = end - start
            if n > 0 {
                buffer.withUnsafeMutableBufferPointer { b in _ = memmove(b.baseAddress!, b.baseAddress! + start, n) }
            }
            start = 0; end = n
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maximumLineLength - buffer.count)))
        }
        let n = buffer.withUnsafeMutableBufferPointer { b in read(fd, b.baseAddress! + end, b.count - end) }
        if n <= 0 { eof = true; return }
        end += n
        bytesRead += n
    }
}

extension LineReader {
    /// Why the input cannot be read as UTF-8 text, judged by its first bytes (a UTF-16 or UTF-32
    /// byte-order mark), or `nil`: one message for the input, instead of an error on every line.
    ///
    /// The head is read once, from this reader's own input: a regular file's with `pread`, which leaves
    /// it to be read (or mapped) from where it is; a pipe's, FIFO's or device's into the reader's buffer,
    /// where the lines begin that ``next(into:maxLines:maxBytes:)`` then returns, so no byte is lost.
    public func encodingProblem() -> String? {
        var head: [UInt8] = []
        if fd < 0 {
            head = Array(buffer[start..<min(end, start + 4)])
        } else if fileSize != nil, bytesRead == 0 {
            let offset = lseek(fd, 0, SEEK_CUR)
            var bytes = [UInt8](repeating: 0, count: 4)
            let n = offset < 0 ? -1 : bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 4, offset) }
            head = Array(bytes.prefix(max(0, n)))
        } else {
            while end - start < 4 && !eof { refill() }
            head = Array(buffer[start..<min(end, start + 4)])
        }
        let name: String? =
            switch head {
            case let b where b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]): "UTF-32"
            case let b where b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]): "UTF-16"
            default: nil
            }
        return name.map {
            "'\(path)' is \($0) text (it starts with a \($0) byte-order mark); learner files are UTF-8: "
                + "save it as UTF-8"
        }
    }
}
