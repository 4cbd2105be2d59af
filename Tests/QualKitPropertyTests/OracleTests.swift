import Foundation
import Testing
import QualKitEngine
@testable import QualKitCore
import QualKitCore

/// The evaluator against an independent brute-force evaluator, over every set of units of small random
/// packs (mandatory units, overlapping groups, minimum and maximum credits, minimum units, routes nested two
/// deep, bars, overall and per-level minimums).
///
/// The oracle shares nothing with the engine but the model types: it expands routes itself, decides a path
/// by trying every counted subset and every assignment of units to group requirements, and finds `next` by
/// trying every addition. Seeds are fixed; a failing case is printed as JSON, to be kept under
/// `Regressions/` where ``regressionCasesAgree()`` replays it.
@Suite("Exact evaluation against a brute-force oracle")
struct OracleTests {
    /// One random pack: its units and its one qualification.
    struct Case: Codable {
        var units: [LearningUnit]
        var qualification: Qualification
    }

    static let packCount = 1500

    @Test func randomPacksAgreeWithTheOracle() throws {
        var failures = 0, overLimit = 0
        for seed in 0..<Self.packCount {
            let c = Self.randomCase(seed: UInt64(seed))
            do {
                failures += try Self.check(c, label: "seed \(seed)")
            } catch EvaluatorError.limitExceeded {
                overLimit += 1 // a documented answer, not a wrong one; but it must stay rare for packs this small
            }
            if failures > 3 { break }
        }
        #expect(failures == 0)
        #expect(
            overLimit * 100 <= Self.packCount,
            "\(overLimit) of \(Self.packCount) small packs exceeded the evaluation limits")
    }

    /// The same with the units at local indexes 63 and above (63 units that no learner holds come first in
    /// the qualification's order, through a bar), so that every set spans two 64-bit words.
    @Test func randomPacksAgreeAcrossWordBoundaries() throws {
        var failures = 0
        for seed in 0..<1000 {
            do {
                failures += try Self.check(
                    Self.randomCase(seed: UInt64(seed)), label: "seed \(seed), padded", padding: 63)
            } catch EvaluatorError.limitExceeded {}
            if failures > 3 { break }
        }
        #expect(failures == 0)
    }

    @Test func regressionCasesAgree() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(!files.isEmpty)
        for f in files {
            let c = try JSONDecoder().decode(Case.self, from: Data(contentsOf: dir.appendingPathComponent(f)))
            #expect(try Self.check(c, label: f) == 0)
        }
    }

    /// Evaluates every set of the case's units with the evaluator (with and without decision tables) and the
    /// oracle; returns the number of disagreeing sets (at most one is reported).
    static func check(_ c: Case, label: String, padding: Int = 0) throws -> Int {
        // Padding: units first in the qualification's order (named by a bar, so they count nowhere) that no
        // learner holds; the oracle, which never sees them, must agree all the same.
        let fillers = (0..<padding).map {
            LearningUnit(
                code: UnitCode("F\($0)"), title: "Filler", level: .level(3), credits: 1, guidedLearningHours: 1)
        }
        var engineQualification = c.qualification
        if padding > 0 { engineQualification.rules.insert(.barred(fillers.map(\.code)), at: 0) }
        let family = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1",
            units: fillers + c.units, qualifications: [engineQualification])
        let catalog = try QualificationCatalog([family])
        let engines = [
            try Evaluator(catalog: catalog, only: nil, decisionTables: true),
            try Evaluator(catalog: catalog, only: nil, decisionTables: false)
        ]
        if padding > 0 { #expect(engines[0].rules[0].words == (engineQualification.units.count > 64 ? 2 : 1)) }
        let oracle = Oracle(c.qualification, units: c.units)
        let codes = c.units.map(\.code)
        for bits in 0..<(1 << codes.count) {
            let held = (0..<codes.count).filter { bits & (1 << $0) != 0 }.map { codes[$0] }
            let expected = oracle.evaluate(Set(held))
            for e in engines {
                let learner = Learner(id: "L", units: held.map { UnitAchievement(code: $0) })
                let r = e.evaluate(learner)[0]
                let got = Oracle.Result(
                    achieved: r.achieved, credits: r.credits.value, route: r.route?.rawValue,
                    next: r.next, counted: r.countedUnits)
                // Without the completion (a reader that does not need `next`): the same but for `next`.
                let ws = e.makeWorkspace()
                ws.computesNext = false
                var lean: EvaluationResult?
                e.evaluate(learner, in: ws) { lean = ws.result($0) }
                let leanMatches =
                    lean.map {
                        $0.achieved == r.achieved && $0.credits == r.credits && $0.route == r.route
                            && $0.countedUnits == r.countedUnits && $0.unmet == r.unmet
                    } ?? false
                if got != expected || !leanMatches {
                    let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
                    Issue.record(
                        """
                        \(label), held \(held.map(\.rawValue)): engine \(got), oracle \(expected), without next \
                        \(String(describing: lean))\n\(json)
                        """
                    )
                    return 1
                }
            }
        }
        return 0
    }

    /// Classes of equivalent units count once: a learner holding members of a class (in the qualification
    /// or outside it, as `X`) counts the class as one member of it, whichever is best. The oracle tries every
    /// member for every class held, over the rules with the class's members barred together (so that a
    /// completion never asks for a second member), and keeps the best outcome: achieved, then fewest units
    /// still needed, then most credits. Every set of units of a few hundred random packs.
    @Test func equivalenceClassesAgreeWithTheOracle() throws {
        var checked = 0, failures = 0
        for seed in 0..<400 where failures < 3 {
            let c = Self.randomCase(seed: UInt64(seed))
            var rng = RNG(state: UInt64(seed) &+ 99)
            // One class: the units with a random unit's level and credits (at most three), and X outside.
            let pick = c.units[rng.below(c.units.count)]
            let alike = c.units.filter { $0.level == pick.level && $0.credits == pick.credits }.prefix(3).map(\.code)
            let outside = LearningUnit(
                code: "X", title: "X", level: pick.level, credits: pick.credits, guidedLearningHours: 5)
            let members = alike + [outside.code]
            let family = QualificationFamily(
                id: "t", family: "T", awardingOrganisation: "AO", version: "1",
                units: c.units + [outside], qualifications: [c.qualification],
                equivalentUnits: [members])
            let engine: Evaluator
            do { engine = try Evaluator(catalog: try QualificationCatalog([family])) } catch EvaluatorError
                .limitExceeded
            { continue }
            let local = alike.filter { c.qualification.units.contains($0) }
            var barred = c.qualification
            if local.count > 1 { barred.rules.append(.barred(local)) }
            let oracle = Oracle(barred, units: c.units)
            let codes = c.units.map(\.code) + [outside.code]
            for bits in 0..<(1 << codes.count) {
                let held = Set((0..<codes.count).filter { bits & (1 << $0) != 0 }.map { codes[$0] })
                // Every way to count the class: as one of its members in the qualification.
                var ways = [held]
                if !held.isDisjoint(with: members) && !local.isEmpty {
                    ways = local.map { held.subtracting(local).union([$0]) }
                }
                let expected = ways.map { oracle.evaluate($0) }.max { a, b in
                    (a.achieved ? 1 : 0, -(a.next?.count ?? Int.max), a.credits) < (
                        b.achieved ? 1 : 0, -(b.next?.count ?? Int.max), b.credits
                    )
                }!
                let r = engine.evaluate(Learner(id: "L", units: held.sorted().map { UnitAchievement(code: $0) }))[0]
                checked += 1
                let counted = r.countedUnits.filter { members.contains($0) }.count
                if r.achieved != expected.achieved || r.credits.value != expected.credits
                    || (r.next?.count ?? 0) != (expected.next?.count ?? 0)
                    || counted > 1
                {
                    let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
                    Issue.record(
                        """
                        seed \(seed), class \(members.map(\.rawValue)), held \(held.sorted().map(\.rawValue)): \
                        engine achieved \(r.achieved), credits \(r.credits), next \
                        \(String(describing: r.next?.map(\.rawValue))), counted \
                        \(r.countedUnits.map(\.rawValue)); oracle \(expected)\n\(json)
                        """
                    )
                    failures += 1
                    break
                }
            }
        }
        #expect(failures == 0)
        #expect(checked > 10_000)
    }

    /// When a learner's units meet each requirement of a path alone but not all together, the requirements
    /// the engine names (``CompiledRules/blockingRequirements(path:held:_:programs:qualification:)``) are,
    /// by the oracle's brute force: unsatisfiable together with the held units; minimal (without any one,
    /// the rest are met); and each minimum's figure is the most that can count towards it while the others
    /// are met. Every set of units of the first few hundred random packs.
    @Test func blockingRequirementsAgreeWithTheOracle() throws {
        var checked = 0, failures = 0
        for seed in 0..<600 where failures < 3 {
            let c = Self.randomCase(seed: UInt64(seed))
            let family = QualificationFamily(
                id: "t", family: "T", awardingOrganisation: "AO", version: "1",
                units: c.units, qualifications: [c.qualification])
            guard let e = try? Evaluator(catalog: try QualificationCatalog([family]), only: nil, decisionTables: false)
            else { continue }
            let rules = e.rules[0]
            let oracle = Oracle(c.qualification, units: c.units)
            guard oracle.paths.count == rules.paths.count else {
                Issue.record(
                    "seed \(seed): the oracle has \(oracle.paths.count) paths, the engine \(rules.paths.count)")
                failures += 1
                continue
            }
            let scratch = AssignmentScratch(), programs = ExplanationPrograms()
            let n = c.qualification.units.count
            for bits in 0..<(1 << n) {
                var held = UnitMask()
                for i in 0..<n where bits & (1 << i) != 0 { held.insert(i) }
                for pi in rules.paths.indices where rules.paths[pi].mandatory.isSubset(of: held) {
                    let p = rules.paths[pi]
                    let all: [CompiledRules.PathRequirement] =
                        p.claims.indices.map { .claim($0) } + p.caps.indices.map { .cap($0) }
                        + p.barred.indices.map { .bar($0) } + (p.minimumCredits > 0 ? [.total] : [])
                        + p.levelFloors.indices.map { .floor($0) }
                    let blocking = rules.blockingRequirements(
                        path: pi, held: held, scratch, programs: programs, qualification: 0,
                        limits: EvaluationLimits.default.search)
                    func meets(
                        _ set: [CompiledRules.PathRequirement], lowering: CompiledRules.PathRequirement? = nil,
                        to value: Int = 0
                    ) -> Bool {
                        var claims: [Int: Int] = [:], caps: [Int] = [], bars: [Int] = [], floors: [Int: Int] = [:],
                            total = 0
                        for r in set {
                            switch r {
                            case .claim(let k): claims[k] = r == lowering ? value : oracle.paths[pi].claims[k].minimum
                            case .cap(let k): caps.append(k)
                            case .bar(let k): bars.append(k)
                            case .total: total = r == lowering ? value : oracle.paths[pi].total
                            case .floor(let k): floors[k] = r == lowering ? value : oracle.paths[pi].floors[k].minimum
                            }
                        }
                        return oracle.meets(
                            path: pi, held: bits, claims: claims, caps: caps, bars: bars, total: total, floors: floors)
                    }
                    let label = "seed \(seed), path \(pi), held \(bits): \(blocking)"
                    guard meets(all) == blocking.isEmpty else {
                        Issue.record("\(label): the oracle says the path is \(meets(all) ? "" : "not ")met")
                        failures += 1
                        continue
                    }
                    guard !blocking.isEmpty else { continue }
                    checked += 1
                    let set = blocking.map { $0.requirement }
                    if meets(set) { Issue.record("\(label): the oracle meets them together"); failures += 1 }
                    for b in blocking {
                        if !meets(set.filter { $0 != b.requirement }) {
                            Issue.record("\(label): not minimal at \(b)"); failures += 1
                        }
                        switch b.requirement {
                        case .claim, .total, .floor:
                            if !meets(set, lowering: b.requirement, to: b.figure)
                                || meets(set, lowering: b.requirement, to: b.figure + 1)
                            {
                                Issue.record("\(label): the figure of \(b) is not the most that can count")
                                failures += 1
                            }
                        case .cap, .bar: break
                        }
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(checked >= 100, "only \(checked) blocked learners in the random packs")
    }

    // MARK: - Random packs

    /// SplitMix64: the oracle's own generator, so that nothing is shared with the engine.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static func randomCase(seed: UInt64) -> Case {
        var rng = RNG(state: seed &* 0x2545_F491_4F6C_DD1D &+ 1)
        let n = 3 + rng.below(5) // 3–7 units
        let codes = (0..<n).map { UnitCode("U\($0)") }
        let units = codes.map {
            LearningUnit(
                code: $0, title: "Unit \($0)", level: .level(2 + rng.below(3)),
                credits: Credits(1 + rng.below(5)), guidedLearningHours: GuidedLearningHours(5))
        }
        var groups: [UnitGroup] = []
        for g in 0..<(1 + rng.below(3)) {
            var members = codes.filter { _ in rng.below(2) == 0 }
            if members.isEmpty { members = [codes[rng.below(n)]] }
            groups.append(UnitGroup(id: GroupID("g\(g)"), title: "Group \(g)", units: members))
        }
        func atom() -> Rule {
            let g = groups[rng.below(groups.count)]
            switch rng.below(9) {
            case 0: return .mandatory([codes[rng.below(n)]])
            case 1, 2: return .minCreditsFromGroup(g.id, Credits(1 + rng.below(8)))
            case 3: return .minUnitsFromGroup(g.id, 1 + rng.below(3))
            case 4: return .maxCreditsFromGroup(g.id, Credits(rng.below(8)))
            case 5: return .minCredits(Credits(1 + rng.below(12)))
            case 6: return .minCreditsAtLevel(.level(3 + rng.below(2)), Credits(1 + rng.below(6)))
            case 7: return .maxCreditsAtLevel(.level(2 + rng.below(2)), Credits(rng.below(8)))
            default:
                let a = rng.below(n), b = (a + 1 + rng.below(n - 1)) % n
                return .barred([codes[a], codes[b]])
            }
        }
        func rules(depth: Int) -> [Rule] {
            var out: [Rule] = []
            for _ in 0..<(1 + rng.below(3)) {
                if depth < 2, rng.below(4) == 0 {
                    let routes = (0..<2).map { i in
                        Route(id: "r\(depth)\(i)", title: "Route \(i)", rules: rules(depth: depth + 1))
                    }
                    out.append(.anyOf(routes))
                } else if rng.below(8) == 0 {
                    out.append(.allOf([atom(), atom()]))
                } else {
                    out.append(atom())
                }
            }
            return out
        }
        var top = rules(depth: 0)
        // Every unit named somewhere, so that the qualification's order is the units' order often enough.
        if !top.contains(where: { !$0.namedGroups.isEmpty || !$0.namedUnits.isEmpty }) {
            top.append(.minCreditsFromGroup(groups[0].id, Credits(1)))
        }
        let q = Qualification(
            id: "q", title: "Q", level: .level(3), creditValue: Credits(1), groups: groups, rules: top)
        return Case(units: units, qualification: q)
    }
}

/// The brute-force evaluator. Sets of units are bit masks over the qualification's units in its own order
/// (``Qualification/units``), which is the order `next` ties are broken in.
struct Oracle {
    struct Result: Equatable, CustomStringConvertible {
        var achieved: Bool
        var credits: Int
        var route: String?
        var next: [UnitCode]?
        var counted: [UnitCode]
        var description: String {
            """
            achieved \(achieved), credits \(credits), route \(route ?? "-"), next \
            \(next.map { $0.map(\.rawValue) } ?? ["nil"]), counted \(counted.map(\.rawValue))
            """
        }
    }

    /// One way through the routes: requirements over unit masks.
    struct Path {
        var label: [String] = []
        var mandatory = 0
        var claims: [(units: Int, minimum: Int, credits: Bool)] = []
        var caps: [(units: Int, maximum: Int)] = []
        var bars: [Int] = []
        var total = 0
        var floors: [(units: Int, minimum: Int)] = []
        var relevant = 0
    }

    let order: [UnitCode]
    let credit: [Int]
    let allCredits: [UnitCode: Int]
    let paths: [Path]
    /// Per path: valid[S] — S can be counted (mandatory included, an assignment meets every requirement).
    let valid: [[Bool]]

    init(_ q: Qualification, units: [LearningUnit]) {
        let byCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        let order = q.units
        self.order = order
        credit = order.map { byCode[$0]!.credits.value }
        allCredits = byCode.mapValues(\.credits.value)
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        func mask(_ us: [UnitCode]) -> Int { us.reduce(0) { $0 | 1 << index[$1]! } }
        func groupMask(_ g: GroupID) -> Int { mask(q.group(g)!.units) }
        func expand(_ rules: [Rule], _ from: [Path]) -> [Path] {
            var ps = from
            for r in rules {
                switch r {
                case .mandatory(let us): for i in ps.indices { ps[i].mandatory |= mask(us); ps[i].relevant |= mask(us) }
                case .minCreditsFromGroup(let g, let c):
                    for i in ps.indices {
                        ps[i].claims.append((groupMask(g), c.value, true)); ps[i].relevant |= groupMask(g)
                    }
                case .minUnitsFromGroup(let g, let k):
                    for i in ps.indices {
                        ps[i].claims.append((groupMask(g), k, false)); ps[i].relevant |= groupMask(g)
                    }
                case .maxCreditsFromGroup(let g, let c):
                    for i in ps.indices { ps[i].caps.append((groupMask(g), c.value)); ps[i].relevant |= groupMask(g) }
                case .minCredits(let c): for i in ps.indices { ps[i].total = max(ps[i].total, c.value) }
                case .minCreditsAtLevel(let l, let c):
                    let m = order.indices.filter { byCode[order[$0]]!.level >= l }.reduce(0) { $0 | 1 << $1 }
                    for i in ps.indices { ps[i].floors.append((m, c.value)) }
                case .maxCreditsAtLevel(let l, let c):
                    let m = order.indices.filter { byCode[order[$0]]!.level <= l }.reduce(0) { $0 | 1 << $1 }
                    for i in ps.indices { ps[i].caps.append((m, c.value)) }
                case .barred(let us): for i in ps.indices { ps[i].bars.append(mask(us)) }
                case .allOf(let rs): ps = expand(rs, ps)
                case .anyOf(let routes):
                    ps = ps.flatMap { p in
                        routes.flatMap { route -> [Path] in
                            var p2 = p
                            p2.label.append(route.id)
                            return expand(route.rules, [p2])
                        }
                    }
                }
            }
            return ps
        }
        let paths = expand(q.rules, [Path()])
        self.paths = paths
        let n = order.count
        let credit = self.credit
        func sum(_ m: Int) -> Int { (0..<n).reduce(0) { m & (1 << $1) != 0 ? $0 + credit[$1] : $0 } }
        valid = paths.map { p in
            (0..<(1 << n)).map { s in
                guard s & p.mandatory == p.mandatory, s & ~p.relevant == 0 else { return false }
                for c in p.caps where sum(s & c.units) > c.maximum { return false }
                for b in p.bars where (s & b).nonzeroBitCount > 1 { return false }
                if sum(s) < p.total { return false }
                for f in p.floors where sum(s & f.units) < f.minimum { return false }
                // Assign each free unit to at most one claim.
                let free = (0..<n).filter { s & ~p.mandatory & (1 << $0) != 0 }
                return Oracle.assignable(free, to: p.claims, credit: credit)
            }
        }
    }

    func evaluate(_ held: Set<UnitCode>) -> Result {
        let n = order.count
        let h = order.indices.filter { held.contains(order[$0]) }.reduce(0) { $0 | 1 << $1 }
        func sum(_ m: Int) -> Int { (0..<n).reduce(0) { m & (1 << $1) != 0 ? $0 + credit[$1] : $0 } }
        func codes(_ m: Int) -> [UnitCode] { (0..<n).filter { m & (1 << $0) != 0 }.map { order[$0] } }
        func label(_ i: Int) -> String? { paths[i].label.isEmpty ? nil : paths[i].label.joined(separator: "+") }
        let credits = held.reduce(0) { order.contains($1) ? $0 + allCredits[$1]! : $0 }
        /// Subsets of `m`.
        func subsets(_ m: Int) -> [Int] {
            var out: [Int] = []; var s = m; while true { out.append(s); if s == 0 { break }; s = (s - 1) & m };
            return out
        }
        // The first path met: the counted set leaves out the fewest, latest units (the excluded set whose
        // first unit comes latest).
        for (i, p) in paths.enumerated() {
            let avail = h & p.relevant
            let ok = subsets(avail).filter { valid[i][$0] }
            guard !ok.isEmpty else { continue }
            func excludedBefore(_ a: Int, _ b: Int) -> Bool { // excluded sets; a is better
                let ea = avail & ~a, eb = avail & ~b
                if ea == eb { return false }
                let d = ea ^ eb
                return ea & (d & -d) == 0
            }
            let best = ok.min { excludedBefore($0, $1) }!
            return Result(achieved: true, credits: credits, route: label(i), next: [], counted: codes(best))
        }
        // Otherwise the cheapest completion: fewest units, fewest credits, then the set whose last unit
        // comes earliest; between paths, the first.
        var best: (size: Int, credits: Int, path: Int, add: Int)?
        for (i, p) in paths.enumerated() {
            var mine: (size: Int, credits: Int, add: Int)?
            for x in subsets(p.relevant & ~h) where subsets((h | x) & p.relevant).contains(where: { valid[i][$0] }) {
                let c = (x.nonzeroBitCount, sum(x), x)
                if mine == nil || c.0 < mine!.size
                    || (c.0 == mine!.size && (c.1 < mine!.credits || (c.1 == mine!.credits && c.2 < mine!.add)))
                {
                    mine = (c.0, c.1, c.2)
                }
            }
            guard let m = mine else { continue }
            if best == nil || (m.size, m.credits) < (best!.size, best!.credits) { best = (m.size, m.credits, i, m.add) }
        }
        let path = best?.path ?? 0
        return Result(
            achieved: false, credits: credits, route: label(path), next: best.map { codes($0.add) },
            counted: codes(h & paths[path].relevant))
    }
}

extension Oracle {
    /// Whether the held units (`held`, a mask in the qualification's order) meet path `path`'s mandatory
    /// units and the requirements given: claims and floors by index with their minimums, caps and bars by
    /// index, and the total (0: none). By trying every counted subset and every assignment to the claims.
    func meets(path i: Int, held h: Int, claims: [Int: Int], caps: [Int], bars: [Int], total: Int, floors: [Int: Int])
        -> Bool
    {
        let p = paths[i]
        let n = order.count
        func sum(_ m: Int) -> Int { (0..<n).reduce(0) { m & (1 << $1) != 0 ? $0 + credit[$1] : $0 } }
        let avail = h & p.relevant
        var s = avail
        while true {
            if s & p.mandatory == p.mandatory, check(s) { return true }
            if s == 0 { return false }
            s = (s - 1) & avail
        }
        func check(_ s: Int) -> Bool {
            for k in caps where sum(s & p.caps[k].units) > p.caps[k].maximum { return false }
            for k in bars where (s & p.bars[k]).nonzeroBitCount > 1 { return false }
            if sum(s) < total { return false }
            for (k, minimum) in floors where sum(s & p.floors[k].units) < minimum { return false }
            let chosen = claims.keys.sorted().map { c in
                (units: p.claims[c].units, minimum: claims[c]!, credits: p.claims[c].credits)
            }
            let free = (0..<n).filter { s & ~p.mandatory & (1 << $0) != 0 }
            return Oracle.assignable(free, to: chosen, credit: credit)
        }
    }

    /// Whether the units `free` (indexes) can be given, each to at most one claim it belongs to, so that every
    /// claim reaches its minimum: by trying every assignment.
    static func assignable(_ free: [Int], to claims: [(units: Int, minimum: Int, credits: Bool)], credit: [Int]) -> Bool
    {
        var have = [Int](repeating: 0, count: claims.count)
        func assign(_ k: Int) -> Bool {
            if k == free.count { return claims.indices.allSatisfy { have[$0] >= claims[$0].minimum } }
            let u = free[k]
            for j in claims.indices where claims[j].units & (1 << u) != 0 {
                let add = claims[j].credits ? credit[u] : 1
                have[j] += add
                let ok = assign(k + 1)
                have[j] -= add
                if ok { return true }
            }
            return assign(k + 1)
        }
        return assign(0)
    }
}
