import Foundation

/// A progress bar on standard error, drawn only on a terminal.
struct ProgressBar {
    let total: Int
    var lastPercent = -1

    mutating func update(_ done: Int) {
        guard total > 0 else { return }
        let pct = min(100, done * 100 / total)
        guard pct != lastPercent else { return }
        lastPercent = pct
        let width = 30
        let filled = pct * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        Console.raw(2, "\r\(bar) \(pct)%  \(done >> 20)/\(total >> 20) MiB")
    }

    func finish() { Console.raw(2, "\r\u{1B}[2K") }
}
