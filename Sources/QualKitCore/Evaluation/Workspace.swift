/// Per-thread scratch space for ``Evaluator/evaluate(_:in:_:)``: what the current learner holds, by unit.
///
/// Not `Sendable`: give each thread or task its own (``Evaluator/makeWorkspace()``). Its buffers are
/// sized once for the catalog and reset only where the previous learner touched them.
public final class Workspace {
    let evaluator: Evaluator
    static let achievedBit: UInt8 = 1
    static let shortBit: UInt8 = 2
    static let undatedBit: UInt8 = 4
    static let undated = Int.max

    /// Global unit index → bits; achievement day (or `undated`); largest short practice-hours figure.
    var state: [UInt8]
    var day: [Int]
    var shortHours: [Double]
    var touched: [Int] = []
    var learner = Learner(id: "")
    /// Unknown unit codes and assessment ids of the current learner (allocated only when present).
    public private(set) var warnings: [String] = []

    init(_ e: Evaluator) {
        evaluator = e
        state = Array(repeating: 0, count: e.units.count)
        day = Array(repeating: Workspace.undated, count: e.units.count)
        shortHours = Array(repeating: 0, count: e.units.count)
        touched.reserveCapacity(64)
    }

    func load(_ l: Learner) {
        for g in touched { state[g] = 0; day[g] = Workspace.undated; shortHours[g] = 0 }
        touched.removeAll(keepingCapacity: true)
        if !warnings.isEmpty { warnings.removeAll() }
        learner = l
        let e = evaluator
        for u in l.units {
            guard let g = e.unitIndex[u.code] else {
                warnings.append("unit code '\(u.code)' is not defined in any loaded pack; it was ignored")
                continue
            }
            if let h = u.hours, let min = e.units[g].minimumPracticeHours, h < min {
                if state[g] == 0 { touched.append(g) }
                state[g] |= Workspace.shortBit
                shortHours[g] = max(shortHours[g], h.value)
            } else {
                achieve(g, u.achieved)
            }
        }
        for a in l.assessments {
            guard let i = e.assessmentIndex[a.id] else {
                warnings.append("assessment id '\(a.id)' is not defined in any loaded pack; it was ignored")
                continue
            }
            guard let sheet = e.assessmentList[i].markSheet, a.marks.count == sheet.sections.count, sheet.passes(a.marks) else { continue }
            for g in e.coverage[i] { achieve(g, a.date) }
        }
    }

    /// Marks unit `g` achieved. Its day is the earliest dated evidence, but unknown as soon as any
    /// achieving evidence is undated (it could be earlier than every dated one).
    private func achieve(_ g: Int, _ date: CalendarDate?) {
        if state[g] == 0 { touched.append(g) }
        state[g] |= Workspace.achievedBit
        if let d = date?.dayNumber { if d < day[g] { day[g] = d } } else { state[g] |= Workspace.undatedBit }
    }

    /// The day unit `g` was achieved, or `nil` when unknown.
    func achievedDay(_ g: Int) -> Int? {
        state[g] & Workspace.undatedBit != 0 || day[g] == Workspace.undated ? nil : day[g]
    }
}

extension Evaluator {
    /// A workspace for this evaluator, to reuse across learners on one thread.
    public func makeWorkspace() -> Workspace { Workspace(self) }
}
