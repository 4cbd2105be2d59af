/// How far a run over a learner file has got: the bytes read, out of the file's size when it is a regular
/// file, and the records read. ``ProgressLine`` words it.
package struct ReadProgress: Sendable, Equatable {
    /// Bytes of the input read so far.
    package var bytes: Int
    /// The input's size in bytes: `nil` when it is not a regular file (standard input, a pipe or a FIFO).
    package var total: Int?
    /// Records (learners, evaluated or rejected) read so far.
    package var records: Int

    package init(bytes: Int, total: Int?, records: Int) {
        self.bytes = bytes; self.total = total; self.records = records
    }
}

/// The one line a long run draws on a terminal: with the input's size known, a bar of the bytes read, the
/// percentage, learners per second and the time left; without it, a running count and the rate.
///
/// ```
/// [########....................]  31%  1,200,000 learners  400,000/s  0:06 left
/// 1,200,000 learners  400,000/s
/// ```
package enum ProgressLine {
    /// The bar's width in characters.
    package static let barWidth = 28

    /// The line for `progress` after `seconds`, followed by `note` (e.g. worksheets written) when given.
    package static func text(_ progress: ReadProgress, seconds: Double, note: String? = nil) -> String {
        var parts: [String] = []
        if let total = progress.total, total > 0 {
            let done = min(progress.bytes, total)
            let filled = done * barWidth / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
            let percent = String(done * 100 / total)
            parts.append("[" + bar + "] " + String(repeating: " ", count: 3 - percent.count) + percent + "%")
        }
        parts.append("\(grouped(progress.records)) learner\(progress.records == 1 ? "" : "s")")
        if seconds > 0 && progress.records > 0 {
            parts.append("\(grouped(Int((Double(progress.records) / seconds).rounded())))/s")
        }
        if let total = progress.total, total > 0, progress.bytes > 0, seconds > 0 {
            let left = Double(max(0, total - progress.bytes)) * seconds / Double(progress.bytes)
            parts.append("\(duration(left)) left")
        }
        if let note { parts.append(note) }
        return parts.joined(separator: "  ")
    }

    /// `1234567` as `1,234,567`.
    package static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour, rounded up.
    package static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        let mmss = (minutes < 10 && hours > 0 ? "0" : "") + "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
        return hours > 0 ? "\(hours):" + mmss : mmss
    }
}
