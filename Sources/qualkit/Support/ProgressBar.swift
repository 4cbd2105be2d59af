import Foundation
import QualKitLearners

/// The progress line of a long run on standard error (`ProgressLine` words it): made only when standard
/// error is a terminal and progress is not turned off (`--no-progress`), redrawn at most ten times a second,
/// and cleared when the run ends or something else is printed.
struct ProgressBar {
    private let start = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false

    /// A bar for a command run with `--no-progress` given or not: `nil` when it must not draw.
    static func make(disabled: Bool) -> ProgressBar? {
        disabled || !Console.stderrIsTerminal ? nil : ProgressBar()
    }

    /// Redraws the line for `progress`, unless it was drawn less than a tenth of a second ago.
    mutating func update(_ progress: ReadProgress, note: String? = nil) {
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        let elapsed = now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        Console.raw(2, "\r\u{1B}[2K" + ProgressLine.text(progress, seconds: seconds, note: note))
        drawn = true
    }

    /// Clears the line, if one is drawn (before other output, and at the end).
    mutating func finish() {
        guard drawn else { return }
        Console.raw(2, "\r\u{1B}[2K")
        drawn = false
    }
}
