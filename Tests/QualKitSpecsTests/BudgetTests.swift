import Foundation
import Testing
@testable import QualKitSpecs

/// The budgets over totals (#24 item 3): a pack's qualifications together, every loaded qualification
/// together, and one learner's substitutions and equivalences over every qualification.
@Suite("Evaluation budgets over totals")
struct BudgetTests {
    /// Four qualifications over two groups that share units (so that each needs some search).
    static let overlapping: PackSource = {
        let units = (1...6).map {
            "  - code: U\($0)\n    title: Unit \($0)\n    level: 3\n    credits: 3\n    glh: 9\n"
        }.joined()
        let qualifications = (1...4).map { k in
            "  - id: q\(k)\n    title: Award \(k)\n    level: 3\n    credit_value: 12\n    rules:\n"
                + """
                      - min_credits_from_group: { group: a, credits: 6 }\n      - min_credits_from_group: { \
                group: b, credits: 6 }\n
                """
        }.joined()
        return PackSource(
            origin: "budget",
            files: [
                "pack.yaml": "id: budget\nfamily: B\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "units:\n" + units,
                "qualifications.yaml": "groups:\n  - id: a\n    title: A\n    units: [U1, U2, U3, U4]\n"
                    + "  - id: b\n    title: B\n    units: [U3, U4, U5, U6]\nqualifications:\n" + qualifications
            ], displayPrefix: "Specs/budget")
    }()

    static func limits(
        pack: Int = EvaluationLimits.default.maximumPackSteps,
        catalog: Int = EvaluationLimits.default.maximumCatalogSteps
    ) -> PackLoader.Limits {
        var limits = PackLoader.Limits()
        limits.evaluation.maximumPackSteps = pack
        limits.evaluation.maximumCatalogSteps = catalog
        return limits
    }

    @Test func aPackOverItsBudgetIsRejectedAtTheQualificationThatTakesItOverAndTheRestAreNotAnalysed() throws {
        let full = PackLoader.load(Self.overlapping)
        let pack = try #require(full.pack, "\(full.diagnostics.map(\.description))")
        let qualifications = pack.family.qualifications
        #expect(qualifications.count == 4 && pack.worstCaseSteps > 0)
        // The steps of the first two qualifications, as the validator counts them.
        let units = Dictionary(pack.family.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let costs = try qualifications.map { try QualificationAnalysis.cost(of: $0, units: units).budgetSteps }
        #expect(costs.reduce(0, +) == pack.worstCaseSteps)
        let budget = costs[0] + costs[1]
        #expect(costs.allSatisfy { $0 > 0 })
        #expect(
            PackLoader.load(Self.overlapping, limits: Self.limits(pack: budget + costs[2] + costs[3])).pack?
                .worstCaseSteps
                == budget + costs[2] + costs[3])
        let over = PackLoader.load(Self.overlapping, limits: Self.limits(pack: budget))
        let errors = over.diagnostics.filter { $0.severity == .error }
        #expect(over.pack == nil && errors.count == 1, "\(errors.map(\.description))")
        let error = try #require(errors.first)
        #expect(
            error.id == .limitExceeded && error.message.contains("EvaluationLimits.maximumPackSteps")
                && error.message.hasPrefix("qualification \(qualifications[2].id) takes the pack over its budget"),
            "\(error.message)")
        #expect(error.location?.file.hasSuffix("qualifications.yaml") == true)
    }

    @Test func aRegistryOverItsBudgetRejectsThePackThatTakesItOver() throws {
        let bundled = try PackRegistry.bundled()
        #expect(
            bundled.worstCaseSteps == bundled.packs.reduce(0) { $0 + $1.worstCaseSteps } && bundled.worstCaseSteps > 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-budget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in Self.overlapping.files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let others = bundled
        let mine = try #require(PackLoader.load(Self.overlapping).pack).worstCaseSteps
        // Exactly enough: loaded. One step less: rejected, at the pack, naming the limit.
        let enough = others.worstCaseSteps + mine
        #expect(
            try others.adding(directory: dir.path, limits: Self.limits(catalog: enough)).registry.worstCaseSteps
                == enough)
        do {
            _ = try others.adding(directory: dir.path, limits: Self.limits(catalog: enough - 1))
            Issue.record("over the catalog budget, the pack is rejected")
        } catch {
            #expect(error.diagnostics.map(\.id) == [.limitExceeded])
            #expect(
                error.diagnostics.first?.message.contains("EvaluationLimits.maximumCatalogSteps") == true,
                "\(error.diagnostics.map(\.description))")
        }
    }

    /// The result for 8577-award-coaching, under a learner budget of `learnerSteps`, of a learner who holds
    /// 8577-300 and 8578-303 and substitutes 8578-303 for 8577-301 and for 8577-303 (two choices).
    static func substitutingLearnersAward(_ registry: PackRegistry, learnerSteps: Int) throws -> EvaluationResult {
        let learner = Learner(
            id: "L", units: [UnitAchievement(code: "8577-300"), UnitAchievement(code: "8578-303")],
            exceptions: [
                .substitute("8578-303", for: "8577-301", reason: "same outcomes"),
                .substitute("8578-303", for: "8577-303", reason: "same outcomes")
            ])
        let limits = EvaluationLimits(maximumLearnerSteps: learnerSteps)
        let e = try Evaluator(catalog: registry.catalog, only: ["8577-award-coaching"], limits: limits)
        return try #require(e.evaluate(learner).first)
    }

    @Test func aLearnersChoicesAreBoundedByTheLearnersBudget() throws {
        let registry = try PackRegistry.bundled()
        func award(_ learnerSteps: Int) throws -> EvaluationResult {
            try Self.substitutingLearnersAward(registry, learnerSteps: learnerSteps)
        }
        // Within the default budget, decided; with none left, limit-exceeded, saying the budget is why.
        #expect(!(try award(EvaluationLimits.default.maximumLearnerSteps)).unmet.contains { $0.code == .limitExceeded })
        let starved = try award(0)
        let unmet = try #require(starved.unmet.first { $0.code == .limitExceeded })
        #expect(!starved.achieved)
        #expect(
            unmet.message?.contains("EvaluationLimits.maximumLearnerSteps") == true,
            "\(String(describing: unmet.message))")
        #expect(unmet.details == .limitExceeded(required: 2, maximum: 0))
        // A learner without choices never uses the budget.
        let plain = Learner(id: "P", units: [UnitAchievement(code: "8577-300"), UnitAchievement(code: "8577-302")])
        let limits = EvaluationLimits(maximumLearnerSteps: 0)
        let e = try Evaluator(catalog: registry.catalog, limits: limits)
        #expect(e.evaluate(plain).allSatisfy { !$0.unmet.contains { $0.code == .limitExceeded } })
    }
}

extension BudgetTests {
    /// Every way of building a registry checks the catalog budget: the bundled packs, and a pack value added
    /// with the default limits when the caller gives none (#24 review).
    @Test func everyWayOfBuildingARegistryChecksTheCatalogBudget() throws {
        let bundled = try PackRegistry.bundled()
        var tight = EvaluationLimits.default
        tight.maximumCatalogSteps = bundled.worstCaseSteps - 1
        do {
            _ = try PackRegistry.bundled(excluding: [], limits: tight)
            Issue.record("the bundled packs over a budget lowered below what they need are rejected")
        } catch {
            #expect(error.diagnostics.map(\.id) == [.limitExceeded], "\(error.diagnostics.map(\.description))")
        }
        tight.maximumCatalogSteps = bundled.worstCaseSteps
        #expect(try PackRegistry.bundled(excluding: [], limits: tight).worstCaseSteps == bundled.worstCaseSteps)
        // A pack value: checked against the default budget without limits, against the caller's with them.
        let pack = try #require(PackLoader.load(Self.overlapping).pack)
        var expensive = pack
        expensive.worstCaseSteps = EvaluationLimits.default.maximumCatalogSteps
        do {
            _ = try bundled.adding(expensive)
            Issue.record("without limits, the default catalog budget applies")
        } catch {
            #expect(error.diagnostics.first?.message.contains("EvaluationLimits.maximumCatalogSteps") == true)
        }
        var generous = EvaluationLimits.default
        generous.maximumCatalogSteps = .max
        #expect(try bundled.adding(expensive, limits: generous).packs.count == bundled.packs.count + 1)
        #expect(try bundled.adding(pack).packs.count == bundled.packs.count + 1)
    }
}

/// What the budgets mean in time (#24: no accepted pack set over 10 s to load, no learner over 100 ms):
/// every path is charged `EvaluationLimits.stepsPerPath`, so that qualifications of no steps still take
/// their share, and the defaults are the ones `Benchmarks/budgets.sh` measured and the docs state.
extension BudgetTests {
    /// A pack of `count` qualifications of one mandatory unit each: no steps, one path each.
    static func small(_ count: Int, id: String = "small") -> PackSource {
        let units = (0..<count).map {
            "  - code: S\($0)\n    title: Unit \($0)\n    level: 3\n    credits: 1\n    glh: 3\n"
        }
        let qualifications = (0..<count).map {
            "  - id: s\($0)\n    title: Award \($0)\n    level: 3\n    credit_value: 1\n    size: award\n"
                + "    rules:\n      - mandatory: [S\($0)]\n"
        }
        return PackSource(
            origin: id,
            files: [
                "pack.yaml": "id: \(id)\nfamily: S\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "units:\n" + units.joined(),
                "qualifications.yaml": "groups: []\nqualifications:\n" + qualifications.joined()
            ], displayPrefix: "Specs/\(id)")
    }

    @Test func everyPathIsChargedToTheBudgetsEvenWithoutSteps() throws {
        let loaded = PackLoader.load(Self.small(3))
        let pack = try #require(loaded.pack, "\(loaded.diagnostics.map(\.description))")
        let units = Dictionary(pack.family.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let costs = try pack.family.qualifications.map { try QualificationAnalysis.cost(of: $0, units: units) }
        #expect(costs.allSatisfy { $0.steps == 0 && $0.paths == 1 })
        #expect(costs.allSatisfy { $0.budgetSteps == EvaluationLimits.stepsPerPath })
        #expect(pack.worstCaseSteps == 3 * EvaluationLimits.stepsPerPath)
        // The pack's budget counts the charge: two qualifications' worth stops the third.
        let over = PackLoader.load(Self.small(3), limits: Self.limits(pack: 2 * EvaluationLimits.stepsPerPath))
        let errors = over.diagnostics.filter { $0.severity == .error }
        #expect(over.pack == nil && errors.map(\.id) == [.limitExceeded], "\(errors.map(\.description))")
        #expect(
            errors.first?.message.hasPrefix("qualification s2 takes the pack over its budget") == true
                && errors.first?.message.contains("EvaluationLimits.maximumPackSteps") == true,
            "\(errors.map(\.message))")
    }

    @Test func aPackSetJustOverTheRegistryBudgetIsRejectedWithThePreciseFigures() throws {
        let bundled = try PackRegistry.bundled()
        let charge = EvaluationLimits.stepsPerPath
        let fits = try #require(PackLoader.load(Self.small(4)).pack)
        let over = try #require(PackLoader.load(Self.small(5)).pack)
        var limits = EvaluationLimits.default
        limits.maximumCatalogSteps = bundled.worstCaseSteps + 4 * charge
        #expect(try bundled.adding(fits, limits: limits).worstCaseSteps == limits.maximumCatalogSteps)
        do {
            _ = try bundled.adding(over, limits: limits)
            Issue.record("one qualification over the registry's budget, the pack is rejected")
        } catch {
            let message = try #require(error.diagnostics.first?.message)
            #expect(error.diagnostics.map(\.id) == [.limitExceeded])
            let total = bundled.worstCaseSteps + 5 * charge
            #expect(
                message == """
                    pack 'small' takes the loaded packs over their budget: the loaded qualifications together can \
                    take more than \(limits.maximumCatalogSteps) steps for one learner \
                    (EvaluationLimits.maximumCatalogSteps) (\(total) with this pack's \(5 * charge)); load fewer \
                    packs, or raise the limit (PackLoader.Limits.evaluation, or --max-catalog-steps)
                    """, "\(message)")
        }
    }

    @Test func aDecisionCostsTheLearnersBudgetItsPathsToo() throws {
        // The award of 8577 has one path and no steps: each decision costs its one path's charge.
        let registry = try PackRegistry.bundled()
        let award = try #require(registry.catalog.qualificationsByID["8577-award-coaching"])
        let units = registry.catalog.unitsByCode
        #expect(try QualificationAnalysis.cost(of: award, units: units).budgetSteps == EvaluationLimits.stepsPerPath)
        func result(_ learnerSteps: Int) throws -> EvaluationResult {
            try BudgetTests.substitutingLearnersAward(registry, learnerSteps: learnerSteps)
        }
        // Two choices: three decisions more than the first, each at the path's charge.
        #expect(!(try result(3 * EvaluationLimits.stepsPerPath)).unmet.contains { $0.code == .limitExceeded })
        let short = try result(3 * EvaluationLimits.stepsPerPath - 1)
        #expect(short.unmet.first { $0.code == .limitExceeded }?.details == .limitExceeded(required: 2, maximum: 1))
    }

    /// A learner whose substitutions would cost more than the learner's budget gets `limit-exceeded` at once,
    /// naming the budget, rather than the decisions: here one decision of a qualification whose worst case
    /// alone is over the default budget.
    @Test func aLearnerOverTheDefaultBudgetGetsLimitExceededNotTheDecisions() throws {
        let units = (0..<100).map {
            "  - code: U\($0)\n    title: Unit \($0)\n    level: 3\n    credits: 1\n    glh: 3\n"
        }
        let members = (0..<100).map { "U\($0)" }.joined(separator: ", ")
        let groups = (0..<3).map { "  - id: g\($0)\n    title: G\($0)\n    units: [\(members)]\n" }.joined()
        let rules = (0..<3).map { "      - min_units_from_group: { group: g\($0), units: 8 }\n" }.joined()
        let source = PackSource(
            origin: "costly",
            files: [
                "pack.yaml": "id: costly\nfamily: C\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "units:\n" + units.joined(),
                "qualifications.yaml": "groups:\n" + groups + "qualifications:\n  - id: c\n    title: C\n    level: 3\n"
                    + "    credit_value: 24\n    size: certificate\n    rules:\n" + rules
            ], displayPrefix: "Specs/costly")
        let loaded = PackLoader.load(source)
        let pack = try #require(loaded.pack, "\(loaded.diagnostics.map(\.description))")
        #expect(pack.worstCaseSteps > EvaluationLimits.default.maximumLearnerSteps)
        #expect(pack.worstCaseSteps <= EvaluationLimits.default.maximumCatalogSteps)
        let registry = try PackRegistry().adding(pack)
        let e = try Evaluator(catalog: registry.catalog)
        let learner = Learner(
            id: "L", units: [UnitAchievement(code: "U1")],
            exceptions: [.substitute("U1", for: "U0", reason: "same outcomes")])
        let result = try #require(e.evaluate(learner).first)
        let unmet = try #require(result.unmet.first { $0.code == .limitExceeded })
        #expect(unmet.details == .limitExceeded(required: 1, maximum: 0))
        #expect(unmet.message?.contains("EvaluationLimits.maximumLearnerSteps") == true)
    }

    /// The defaults the DocC comments, the README and the CHANGELOG state are the library's.
    @Test func theDefaultsAreTheOnesTheDocsState() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_GB")
        func written(_ n: Int) -> String { formatter.string(from: NSNumber(value: n)) ?? "\(n)" }
        let d = EvaluationLimits.default
        let docs = try String(
            contentsOf: root.appendingPathComponent("Sources/QualKitCore/Evaluation/EvaluationLimits.swift"),
            encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for (name, value) in [
            ("maximumPackSteps", d.maximumPackSteps), ("maximumCatalogSteps", d.maximumCatalogSteps),
            ("maximumLearnerSteps", d.maximumLearnerSteps)
        ] {
            #expect(docs.contains("public var \(name)"))
            let comment =
                docs.components(separatedBy: "public var \(name)")[0]
                .components(separatedBy: "public var ").last ?? ""
            #expect(comment.contains("Default \(written(value))"), "\(name)'s DocC comment states its default")
            #expect(
                readme.contains("\(written(value)) (`\(name)`") || readme.contains("`\(name)` \(written(value))"),
                "README states \(name)'s default, \(written(value))")
        }
        #expect(docs.contains("(fixed; \(EvaluationLimits.stepsPerPath))"))
    }
}

/// A learner's worst case includes the second decision of a qualification with a date limit (units achieved
/// too late left out) and the search for the credits that count under caps and bars (#24): a pack is charged
/// for them, so that one over what the old accounting (one decision and the paths) claimed is rejected.
extension BudgetTests {
    /// One qualification over 12 one-credit units in two groups that share units, each asking for 4; with a
    /// cap on the first group when `capped`, and a certification end when `dated`.
    static func shared(dated: Bool, capped: Bool) -> PackSource {
        let units = (0..<12).map {
            "  - code: W\($0)\n    title: Unit \($0)\n    level: 3\n    credits: 1\n    glh: 3\n"
        }.joined()
        let validity = dated ? "    validity:\n      certification_end: \"2020-12-31\"\n" : ""
        let cap = capped ? "      - max_credits_from_group: { group: a, credits: 6 }\n" : ""
        return PackSource(
            origin: "shared",
            files: [
                "pack.yaml": "id: shared\nfamily: S\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "units:\n" + units,
                "qualifications.yaml": "groups:\n  - id: a\n    title: A\n    units: [W0, W1, W2, W3, W4, W5, W6, W7]\n"
                    + "  - id: b\n    title: B\n    units: [W4, W5, W6, W7, W8, W9, W10, W11]\nqualifications:\n"
                    + "  - id: w\n    title: W\n    level: 3\n    credit_value: 8\n    size: award\n" + validity
                    + "    rules:\n      - min_units_from_group: { group: a, units: 4 }\n"
                    + "      - min_units_from_group: { group: b, units: 4 }\n" + cap
            ], displayPrefix: "Specs/shared")
    }

    /// What the old accounting charged a qualification: one decision's steps and its paths.
    static func oneDecision(_ source: PackSource) throws -> Int {
        let pack = try #require(PackLoader.load(source).pack)
        let units = Dictionary(pack.family.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let cost = try QualificationAnalysis.cost(of: try #require(pack.family.qualifications.first), units: units)
        return cost.steps + cost.paths * EvaluationLimits.stepsPerPath
    }

    @Test(arguments: [(true, false), (false, true), (true, true)])
    func aPackIsChargedForTheSecondDecisionAndTheCountedCredits(dated: Bool, capped: Bool) throws {
        let source = Self.shared(dated: dated, capped: capped)
        let old = try Self.oneDecision(source)
        #expect(old > EvaluationLimits.stepsPerPath)
        // A budget of one decision and the paths: enough without a date limit and a cap, not with either.
        let plain = Self.shared(dated: false, capped: false)
        let plainBudget = try Self.oneDecision(plain)
        #expect(PackLoader.load(plain, limits: Self.limits(pack: plainBudget)).pack != nil)
        let over = PackLoader.load(source, limits: Self.limits(pack: old))
        let errors = over.diagnostics.filter { $0.severity == .error }
        #expect(over.pack == nil && errors.map(\.id) == [.limitExceeded], "\(errors.map(\.description))")
        #expect(errors.first?.message.contains("EvaluationLimits.maximumPackSteps") == true)
        let pack = try #require(PackLoader.load(source).pack)
        #expect(pack.worstCaseSteps > old)
    }
}
