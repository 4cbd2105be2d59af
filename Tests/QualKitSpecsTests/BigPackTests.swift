import Foundation
import Testing
@testable import QualKitSpecs

/// Packs a third party could write that used to hang every command or be called unsatisfiable: each is
/// either accepted and evaluated exactly, or rejected with `limit-exceeded` at the rule that causes it.
@Suite("Big and overlapping packs")
struct BigPackTests {
    /// A pack of `units` (code, credits) in one qualification with `rules` (YAML list items, indented by
    /// the caller) over `groups`.
    static func pack(
        units: [(String, Int)], groups: [(String, [String])] = [], rules: [String], credits: Int,
        size: String = "certificate", limits: PackLoader.Limits = .default
    ) -> PackLoadResult {
        let unitYAML =
            "units:\n"
            + units.map { "  - { code: \($0.0), title: Unit \($0.0), level: 3, credits: \($0.1), glh: \($0.1 * 3) }\n" }
            .joined()
        let groupYAML =
            groups.isEmpty
            ? "groups: []\n"
            : "groups:\n"
                + groups.map {
                    "  - id: \($0.0)\n    title: Group \($0.0)\n    units: [\($0.1.joined(separator: ", "))]\n"
                }.joined()
        let q =
            groupYAML + """
                qualifications:
                  - id: big
                    title: Big
                    level: 3
                    credit_value: \(credits)
                    size: \(size)
                    rules:

                """ + rules.map { "      " + $0.replacingOccurrences(of: "\n", with: "\n      ") + "\n" }.joined()
        let files = [
            "pack.yaml": "id: big\nfamily: big\nawarding_organisation: AO\nversion: '1'\n", "units.yaml": unitYAML,
            "qualifications.yaml": q
        ]
        return PackLoader.load(PackSource(origin: "big", files: files, displayPrefix: "big"), limits: limits)
    }

    static func codes(_ prefix: String, _ n: Int) -> [String] { (0..<n).map { "\(prefix)\($0)" } }

    static func evaluate(_ r: PackLoadResult, holding: [String]) throws -> EvaluationResult {
        let pack = try #require(r.pack, "\(r.diagnostics)")
        let e = try Evaluator(catalog: QualificationCatalog([pack.family]))
        return e.evaluate(Learner(id: "L", units: holding.map { UnitAchievement(code: UnitCode($0)) }))[0]
    }

    /// Two groups over the same 28 units: a learner holding 27 of them (minutes before; one pass now).
    @Test func twoGroupsSharingEveryUnit() throws {
        let c = Self.codes("O", 28)
        let r = Self.pack(
            units: c.map { ($0, 3) }, groups: [("a", c), ("b", c)],
            rules: [
                "- min_credits_from_group: { group: a, credits: 12 }",
                "- min_credits_from_group: { group: b, credits: 12 }"
            ], credits: 24)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(try Self.evaluate(r, holding: Array(c.dropLast())).achieved)
        let short = try Self.evaluate(r, holding: Array(c.prefix(7)))
        #expect(!short.achieved)
        #expect(short.next == ["O7"])
    }

    /// Three groups over the same 20 units with a cap: accepted, exact.
    @Test func threeGroupsOverOneSetWithACap() throws {
        let c = Self.codes("T", 20)
        let r = Self.pack(
            units: c.map { ($0, 3) }, groups: [("a", c), ("b", c), ("c", c), ("all", c)],
            rules: [
                "- min_credits_from_group: { group: a, credits: 12 }",
                "- min_credits_from_group: { group: b, credits: 12 }",
                "- min_credits_from_group: { group: c, credits: 12 }",
                "- max_credits_from_group: { group: all, credits: 36 }"
            ],
            credits: 36)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let all = try Self.evaluate(r, holding: c)
        #expect(all.achieved)
        #expect(all.countedUnits.count == 12) // the cap leaves 8 of the 20 uncounted
        #expect(try Self.evaluate(r, holding: Array(c.prefix(11))).next == ["T11"])
    }

    /// Twelve `any_of` nested one inside the other.
    @Test func twelveNestedRoutes() throws {
        var rule = "- mandatory: [N11a]"
        var units: [(String, Int)] = [("N11a", 3)]
        for k in (0..<12).reversed() {
            if k < 11 { units += [("N\(k)a", 3), ("N\(k)b", 3)] }
            let inner = (k == 11 ? rule : "- mandatory: [N\(k)b]\n" + rule).replacingOccurrences(
                of: "\n", with: "\n        ")
            rule =
                k == 11
                ? rule
                : """
                - any_of:
                    - route: a\(k)
                      rules:
                        - mandatory: [N\(k)a]
                    - route: b\(k)
                      rules:
                        \(inner)
                """
        }
        let r = Self.pack(units: units, rules: [rule], credits: 3, size: "award")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let deep = try Self.evaluate(r, holding: (0..<11).map { "N\($0)b" } + ["N11a"])
        #expect(deep.achieved)
        #expect(deep.route?.rawValue == (0..<11).map { "b\($0)" }.joined(separator: "+"))
    }

    /// 257 mandatory units and 129 two-unit routes: past the old internal widths, accepted.
    @Test func manyUnitsAndManyRoutes() throws {
        let m = Self.codes("M", 257)
        let r1 = Self.pack(
            units: m.map { ($0, 1) }, rules: ["- mandatory: [\(m.joined(separator: ", "))]"], credits: 257,
            size: "diploma")
        #expect(r1.diagnostics.isEmpty, "\(r1.diagnostics)")
        #expect(try Self.evaluate(r1, holding: m).achieved)

        let routes = (0..<129).map { "    - route: r\($0)\n      rules:\n        - mandatory: [R\($0)a, R\($0)b]" }
            .joined(separator: "\n")
        let units = (0..<129).flatMap { [("R\($0)a", 3), ("R\($0)b", 3)] }
        let r2 = Self.pack(units: units, rules: ["- any_of:\n" + routes], credits: 6, size: "award")
        #expect(r2.diagnostics.isEmpty, "\(r2.diagnostics)")
        let last = try Self.evaluate(r2, holding: ["R128a", "R128b"])
        #expect(last.achieved && last.route == "r128")
        #expect(try Self.evaluate(r2, holding: ["R7b"]).next == ["R7a"])
    }

    /// Six groups over the same 60 one-credit units, each asking for 10 credits: every mix of the six
    /// shortfalls is reachable (11^6), so it is rejected with `limit-exceeded` on the first rule whose group
    /// overlaps, naming the limit; checking stops at the limit, never a hang.
    @Test func pathologicalOverlapIsALimitAtItsRule() throws {
        let c = Self.codes("P", 60)
        let groups = (0..<6).map { ("g\($0)", c) }
        let rules = (0..<6).map { "- min_credits_from_group: { group: g\($0), credits: 10 }" }
        let r = Self.pack(units: c.map { ($0, 1) }, groups: groups, rules: rules, credits: 60, size: "diploma")
        let d = try #require(r.diagnostics.first { $0.id == .limitExceeded }, "\(r.diagnostics)")
        #expect(r.diagnostics.count == 1)
        #expect(d.message.contains("EvaluationLimits.maximumStates"))
        #expect(d.location?.file == "big/qualifications.yaml")
        #expect(d.location?.line == 27) // the first rule, after 19 lines of groups and 7 of the qualification

        // The limits decide, not fixed sizes: one path, one step and one state still accept a pack of one
        // mandatory unit (it needs no steps).
        var generous = PackLoader.Limits()
        generous.evaluation = EvaluationLimits(maximumPaths: 1, maximumSteps: 1, maximumStates: 1)
        let tiny = Self.pack(
            units: [("X", 3)], rules: ["- mandatory: [X]"], credits: 3, size: "award", limits: generous)
        #expect(tiny.diagnostics.isEmpty, "\(tiny.diagnostics)")
    }

    /// Too many route combinations: `limit-exceeded` at the `any_of`, naming `maximumPaths`.
    @Test func tooManyPathsIsALimit() throws {
        let anyOf = (0..<13).map { k in
            """
            - any_of:\n    - route: x\(k)\n      rules:\n        - mandatory: [A\(k)]\n    - route: y\(k)\n      \
            rules:\n        - mandatory: [B\(k)]
            """
        }
        let units = (0..<13).flatMap { [("A\($0)", 1), ("B\($0)", 1)] }
        let r = Self.pack(units: units, rules: anyOf, credits: 13)
        let d = try #require(r.diagnostics.first { $0.id == .limitExceeded }, "\(r.diagnostics)")
        #expect(d.message.contains("8192 paths"))
        #expect(d.message.contains("EvaluationLimits.maximumPaths"))
        #expect(d.location?.line == 9) // the first any_of
    }
}
