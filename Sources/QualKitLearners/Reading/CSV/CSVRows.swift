import QualKitEngine
#if canImport(Glibc)
    import Glibc
#endif

/// Splits CSV text, read line by line, into rows of fields, each with the line it starts on. A row that
/// cannot be read (a quote never closed, a row over the size limit, invalid UTF-8) comes back with an
/// error instead of fields, and reading resumes on the line after its first.
///
/// A row's fields are bytes in one buffer that the next row reuses: reading a row allocates nothing once
/// the buffers have grown to the longest row.
package struct CSVRows {
    /// One row: its fields' bytes (unquoted), where each field starts and ends in them, and its line.
    package struct Row {
        /// The row's bytes: the first ``length``; those after them are left over from longer rows (kept
        /// rather than removed, which cost a sixth of splitting a row).
        var bytes: [UInt8] = []
        /// How many of ``bytes`` the row has.
        private(set) var length = 0
        var starts: [Int] = []
        var ends: [Int] = []
        var line = 0
        var error: String?
        /// Whether every byte is ASCII (then trimming and UTF-8 need no decoding).
        var ascii = true

        /// How many fields: the first `count` of ``ends`` (and of ``starts``), which keep their storage from
        /// row to row.
        private(set) var count = 0
        private var opened = 0

        /// Appends `byte` to the row's bytes.
        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if length < bytes.count { bytes[length] = byte } else { bytes.append(byte) }
            length += 1
        }

        /// Appends `line` to the row's bytes, with one copy.
        @inline(__always)
        mutating func append(_ line: UnsafeBufferPointer<UInt8>) {
            guard let source = line.baseAddress, line.count > 0 else { return }
            let at = length
            if bytes.count < at + line.count {
                // The array's own capacity doubling keeps this amortised.
                bytes.append(contentsOf: repeatElement(0, count: at + line.count - bytes.count))
            }
            bytes.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress! + at, source, line.count) }
            length = at + line.count
        }

        /// A field starts at `offset` of ``bytes``.
        @inline(__always)
        mutating func startField(at offset: Int) {
            if opened < starts.count { starts[opened] = offset } else { starts.append(offset) }
            opened += 1
        }

        /// The field started last ends at `offset` of ``bytes``.
        @inline(__always)
        mutating func endField(at offset: Int) {
            if count < ends.count { ends[count] = offset } else { ends.append(offset) }
            count += 1
        }

        /// Where field `index` is in ``bytes``.
        func range(_ index: Int) -> Range<Int> { starts[index]..<ends[index] }

        /// Where field `index` is without its leading and trailing spaces and tabs. Those are trimmed as
        /// characters of the field's text: a space that a combining mark follows is part of a character
        /// that is not a space, so a field with bytes past ASCII is trimmed through its text.
        @inline(__always)
        func trimmed(_ index: Int) -> Range<Int> {
            var low = starts[index], high = ends[index]
            if _slowPath(!ascii) { return trimmedText(low..<high) }
            bytes.withUnsafeBufferPointer { field in
                while low < high, Self.isBlank(field[low]) { low += 1 }
                while high > low, Self.isBlank(field[high - 1]) { high -= 1 }
            }
            return low..<high
        }

        /// ``trimmed(_:)`` for a row with bytes past ASCII.
        @inline(never)
        private func trimmedText(_ range: Range<Int>) -> Range<Int> {
            var low = range.lowerBound, high = range.upperBound
            if bytes[low..<high].contains(where: { $0 >= 0x80 }) {
                let text = String(decoding: bytes[low..<high], as: UTF8.self)
                var rest = Substring(text)
                while let first = rest.first, first == " " || first == "\t" { rest.removeFirst() }
                while let last = rest.last, last == " " || last == "\t" { rest.removeLast() }
                let start = low + text.utf8.distance(from: text.utf8.startIndex, to: rest.startIndex)
                return start..<(start + rest.utf8.count)
            }
            bytes.withUnsafeBufferPointer { field in
                while low < high, Self.isBlank(field[low]) { low += 1 }
                while high > low, Self.isBlank(field[high - 1]) { high -= 1 }
            }
            return low..<high
        }

        static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

        /// Field `index` trimmed, as text.
        func text(_ index: Int) -> String { String(decoding: bytes[trimmed(index)], as: UTF8.self) }

        /// Whether field `index` is empty once trimmed.
        func isBlank(_ index: Int) -> Bool { trimmed(index).isEmpty }

        /// Every field as it is (not trimmed), as text: for the header and messages.
        var fields: [String] { (0..<count).map { String(decoding: bytes[range($0)], as: UTF8.self) } }

        mutating func reset(line number: Int) {
            length = 0
            count = 0; opened = 0
            startField(at: 0)
            line = number; error = nil; ascii = true
        }

        /// Whether the trimmed field at `range` holds the same bytes as `other`.
        func bytes(_ range: Range<Int>, equal other: [UInt8]) -> Bool {
            guard range.count == other.count else { return false }
            guard !other.isEmpty else { return true }
            return bytes.withUnsafeBufferPointer { field in
                other.withUnsafeBufferPointer {
                    memcmp(field.baseAddress! + range.lowerBound, $0.baseAddress!, other.count) == 0
                }
            }
        }
    }

    /// A line: in the batch (`start`), or a copy of its bytes (`owned`, for lines read again), or too
    /// long to keep (neither).
    struct Line {
        var number: Int
        var length: Int
        var start = -1
        var owned: [UInt8]?
        var overlong: Bool { start < 0 && owned == nil }
    }

    let lines: LineReader
    let maximumRowBytes: Int
    var batch = LineReader.Batch()
    var position = 0
    var overlongAt = 0
    /// Lines to read again before the batch: after a quote that never closed, the lines after its first
    /// (an overlong one without its bytes).
    var replay: [Line] = []
    var exhausted = false
    /// The header's names, for messages.
    var headerNames: [String] = []

    init(_ lines: LineReader, maximumRowBytes: Int) { self.lines = lines; self.maximumRowBytes = maximumRowBytes }

    /// The next line. A line of the batch is valid until the next call.
    private mutating func nextLine() -> Line? {
        if !replay.isEmpty { return replay.removeFirst() }
        while true {
            // Overlong lines are interleaved with the batch's lines by number.
            let nextOverlong = overlongAt < batch.overlong.count ? batch.overlong[overlongAt] : nil
            let nextLine = position < batch.lines.count ? batch.lines[position] : nil
            if let overlong = nextOverlong, nextLine.map({ overlong.number < $0.number }) ?? true {
                overlongAt += 1
                return Line(number: overlong.number, length: overlong.length)
            }
            if let line = nextLine {
                position += 1
                return Line(number: line.number, length: line.count, start: line.start)
            }
            if exhausted { return nil }
            position = 0; overlongAt = 0
            if !lines.next(into: &batch, maxLines: 4096, maxBytes: 4 << 20) { exhausted = true; return nil }
        }
    }

    /// `line` with bytes of its own, to be read again after the batch has moved on.
    private func owned(_ line: Line) -> Line {
        guard line.start >= 0 else { return line }
        var copy = line
        copy.owned = Array(batch.bytes[line.start..<(line.start + line.length)])
        copy.start = -1
        return copy
    }

    /// Feeds the bytes of `line` (not overlong) to `state`.
    private func feed(_ line: Line, _ state: inout SplitState, _ row: inout Row) {
        if let owned = line.owned {
            owned.withUnsafeBufferPointer { state.feed($0, &row) }
        } else {
            batch.bytes.withUnsafeBufferPointer {
                state.feed(UnsafeBufferPointer(rebasing: $0[line.start..<(line.start + line.length)]), &row)
            }
        }
    }

    /// Reads the next row into `row`; `false` at the end of the input.
    package mutating func next(into row: inout Row) -> Bool {
        // Most rows are one line of the batch that leaves no quote open, with no line to read again and no
        // overlong line before it: split in place, without a ``Line`` (a third of reading a row went to the
        // lines). A line that leaves a quote open is read again below, as every row was.
        if replay.isEmpty, position < batch.lines.count {
            let line = batch.lines[position]
            if line.count <= maximumRowBytes,
                overlongAt >= batch.overlong.count || batch.overlong[overlongAt].number > line.number
            {
                row.reset(line: line.number)
                var state = SplitState()
                batch.bytes.withUnsafeBufferPointer {
                    state.feed(UnsafeBufferPointer(rebasing: $0[line.start..<(line.start + line.count)]), &row)
                }
                if !state.quoted {
                    position += 1
                    Self.finish(&row)
                    return true
                }
            }
        }
        guard let first = nextLine() else { return false }
        row.reset(line: first.number)
        guard !first.overlong, first.length <= maximumRowBytes else {
            row.error =
                """
                the row is \(first.length) bytes long, over the limit of \(maximumRowBytes); one unit achievement \
                per row is expected
                """
            return true
        }
        var state = SplitState()
        var consumed: [Line] = []
        var size = first.length
        feed(first, &state, &row)
        while state.quoted {
            // The row goes on on the next line, unless that would pass the size limit.
            let more = nextLine()
            guard let more, !more.overlong, size + 1 + more.length <= maximumRowBytes else {
                // Read again from the line after this row's first, the line that did not fit included.
                replay = consumed + (more.map { [owned($0)] } ?? []) + replay
                row.reset(line: row.line)
                row.error =
                    """
                    a quoted field that starts on this line is not closed before the end of the file or within \
                    the row limit of \(maximumRowBytes) bytes; add the closing '\"' (reading goes on from line \
                    \(first.number + 1))
                    """
                return true
            }
            consumed.append(owned(more))
            row.append(0x0A)
            feed(more, &state, &row)
            size += 1 + more.length
        }
        Self.finish(&row)
        return true
    }

    /// Ends the row's last field, and rejects the row if a field is not valid UTF-8.
    private static func finish(_ row: inout Row) {
        row.endField(at: row.length)
        if !row.ascii,
            let bad = (0..<row.count).first(where: { index in
                row.bytes.withUnsafeBufferPointer {
                    String(validating: UnsafeBufferPointer(rebasing: $0[row.range(index)]), as: UTF8.self) == nil
                }
            })
        {
            row.reset(line: row.line)
            row.error = "field \(bad + 1) is not valid UTF-8; save the file as UTF-8"
        }
    }

    /// RFC 4180 fields, fed a line at a time: a quoted field may hold line breaks, `""` is a quote. A field
    /// ends at each comma outside quotes (``Row/ends``; the next starts after it); the last ends with the row.
    struct SplitState {
        var quoted = false
        /// Where the field being read starts in the row's bytes.
        var fieldStart = 0

        /// Whether every byte of `bytes` is below 0x80: eight at a time.
        static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let start = bytes.baseAddress else { return true }
            let raw = UnsafeRawPointer(start)
            var high: UInt64 = 0
            var offset = 0
            while offset + 8 <= bytes.count {
                high |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            while offset < bytes.count {
                high |= UInt64(start[offset])
                offset += 1
            }
            return high & 0x8080_8080_8080_8080 == 0
        }

        mutating func feed(_ line: UnsafeBufferPointer<UInt8>, _ row: inout Row) {
            var index = 0
            if !quoted, let start = line.baseAddress, memchr(start, 0x22, line.count) == nil {
                // No quotes: the line's bytes as they are, the fields between its commas.
                let base = row.length
                row.append(line)
                var offset = 0
                while offset < line.count, let comma = memchr(start + offset, 0x2C, line.count - offset) {
                    let at = UnsafeRawPointer(start).distance(to: UnsafeRawPointer(comma))
                    row.endField(at: base + at); row.startField(at: base + at + 1)
                    offset = at + 1
                }
                if row.ascii && !Self.isASCII(line) { row.ascii = false }
                return
            }
            while index < line.count {
                let byte = line[index]
                if byte >= 0x80 { row.ascii = false }
                if quoted {
                    if byte == 0x22 {
                        if index + 1 < line.count, line[index + 1] == 0x22 {
                            row.append(0x22); index += 2; continue
                        }
                        quoted = false
                    } else {
                        row.append(byte)
                    }
                    index += 1
                    continue
                }
                switch byte {
                case 0x22 where row.length == fieldStart: quoted = true
                case 0x2C:
                    row.endField(at: row.length); row.startField(at: row.length); fieldStart = row.length
                default: row.append(byte)
                }
                index += 1
            }
        }
    }
}
