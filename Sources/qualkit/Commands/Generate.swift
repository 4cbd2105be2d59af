import ArgumentParser
import QualKit

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic, realistic synthetic learner set.",
        discussion: """
            The same --learners, --seed and packs always give the same bytes. The mix: complete and partial \
            routes, cross-family learners, practice-hour shortfalls, mark sheets with referrals and \
            resubmissions, late registrations, missing induction or tutorial hours, unknown unit codes.
            CSV (learner,unit,achieved,hours: one row per unit) carries less than JSON Lines: no registration \
            date, induction or tutorial hours, and no mark sheets, and a learner with no units has no row. \
            Use jsonl for the whole mix; csv for the CSV reader and its speed.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "How many learners.")
    var learners: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            """
            The share (0 to 1) of the learners with units who carry exceptions (exempt, substitute, waive, \
            extend); jsonl only (--format csv writes units only).
            """,
            valueName: "RATE"))
    var exceptions: Double = 0

    @Option(help: "jsonl, or csv (learner,unit,achieved,hours: units only, see above).")
    var format: Format = .jsonl

    @Option(name: [.short, .long], help: "Write to FILE atomically instead of standard output.")
    var output: String?

    @OptionGroup var packs: PackOptions

    func validate() throws {
        if learners < 0 { throw ValidationError("--learners must be 0 or more") }
    }

    func run() throws {
        let registry = try packs.registry()
        let gen = LearnerGenerator(catalog: registry.catalog, seed: seed, exceptionRate: exceptions)
        let out = try AtomicOutput(path: output)
        let width = max(7, String(learners).count)
        var buf: [UInt8] = []
        buf.reserveCapacity(1 << 20)
        if format == .csv { buf.append(contentsOf: LearnerGenerator.csvHeader.utf8) }
        do {
            for i in 0..<learners {
                let l = gen.learner(i, idWidth: width)
                if format == .jsonl { LearnerGenerator.appendJSON(l, to: &buf) } else { gen.appendCSV(l, to: &buf) }
                if buf.count >= 1 << 20 { try out.write(buf); buf.removeAll(keepingCapacity: true) }
            }
            try out.write(buf)
            try out.commit()
        } catch { out.abandon(); throw error }
    }
}
