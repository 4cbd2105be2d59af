// swift-format-ignore-file: its code is the documentation's, line for line, and is laid out as the documentation shows it.
// The code of the service articles, compiled: every ```swift block of the articles listed in
// `ArticleCodeTests.articles` must appear here line for line (indentation aside). Edit both together.
import Foundation
import QualKit
import QualKitCredentials

/// BuildingAService.md, in order. Each function holds one or more of the article's blocks.
enum BuildingAService {
    static func load() throws -> (PackRegistry, Evaluator) {
        let registry = try PackRegistry.bundled()
        let evaluator = try Evaluator(catalog: registry.catalog)
        return (registry, evaluator)
    }

    static func addPack(_ registry: PackRegistry, packDirectory: String) {
        do {
            let loaded = try registry.adding(directory: packDirectory)
            for warning in loaded.warnings { print(warning) }
            print(loaded.registry.catalog.qualifications.count, "qualifications")
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }   // units.yaml:12:7: error: …
        }
    }

    static func only(_ registry: PackRegistry) throws -> Evaluator {
        let certificate = try Evaluator(catalog: registry.catalog, only: ["8578-certificate-coaching-mentoring"])
        print(certificate.qualifications.map(\.title))
        return certificate
    }

    static func read(_ learnerFile: String) throws {
        for record in try LearnerReader(path: learnerFile) {
            switch record.learner {
            case .success(let learner):
                for warning in record.warnings { print("line \(record.line):", warning.message) }
                print(learner.id, learner.units.count, "units")
            case .failure(let error):
                print(error)   // learners.jsonl:7:31: error: unit 'hours' is -1; expected 0 or more hours
            }
        }
    }

    static func inCode(_ evaluator: Evaluator) throws -> Learner {
        let learner = Learner(
            id: "L0000001", registered: try CalendarDate("2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 6), .init(code: "8577-303")])
        let award = evaluator.evaluate(learner, against: "8577-award-coaching")
        print(award?.achieved == true)
        return learner
    }

    static func bulk(_ evaluator: Evaluator, _ learnerFile: String) throws -> EvaluationReport {
        let report = try evaluator.evaluate(LearnerReader(path: learnerFile)) { record in
            guard case .success(let results) = record.results else { return }
            for result in results where !result.achieved {
                for requirement in result.unmet {
                    switch requirement.details {
                    case .missingMandatoryUnit(let unit):
                        print(result.learner, "needs", unit)
                    case .practiceHours(_, let held, let required), .inductionHours(let held, let required),
                         .tutorialHours(let held, let required):
                        print(result.learner, "has", held, "hours of", required)
                    case .groupMinCredits(let group, let held, let required):
                        print(result.learner, "has", held, "of", required, "credits from", group)
                    default:
                        print(result.learner, requirement.code, requirement.message ?? "")
                    }
                }
            }
        }
        print(report.evaluated, "evaluated,", report.rejected, "rejected")
        return report
    }

    static func diff(_ evaluator: Evaluator, editedPack: String, _ learnerFile: String) throws -> CohortDiffReport {
        let edited = try PackRegistry.bundled(excluding: ["ilm-8577"]).adding(directory: editedPack).registry
        let diff = CohortDiff(from: evaluator, to: try Evaluator(catalog: edited.catalog))
        let changes = try diff.run(LearnerReader(path: learnerFile)) { learner in
            guard case .success(let changed) = learner.changes else { return }   // or a LearnerRecordError
            for change in changed where change.kind == .lost {
                print(learner.learner, "loses", change.qualification, change.to?.unmet ?? [])
            }
        }
        print(changes.changedLearners, "of", changes.compared, "learners change")
        return changes
    }

    static func encode(_ evaluator: Evaluator, _ learner: Learner) throws -> Data {
        let results = evaluator.evaluate(learner, options: EvaluationOptions())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(results)
        let decoded = try JSONDecoder().decode([EvaluationResult].self, from: json)
        print(decoded == results)
        return json
    }

    static func concurrently(_ evaluator: Evaluator, _ learner: Learner) async -> Int {
        let cohort = [learner, Learner(id: "L0000002", units: [.init(code: "8578-300")])]
        let evaluated = await withTaskGroup(of: [EvaluationResult].self) { group in
            for member in cohort { group.addTask { evaluator.evaluate(member) } }
            var all: [[EvaluationResult]] = []
            for await results in group { all.append(results) }
            return all
        }
        print(evaluated.count)
        return evaluated.count
    }

    static func asynchronously(_ evaluator: Evaluator, _ learnerFile: String) async throws -> Int {
        let records = evaluator.evaluate(try LearnerReader(path: learnerFile))
        for try await record in records {   // throws only CancellationError
            guard case .success(let results) = record.results else { continue }   // or a LearnerRecordError
            for result in results where result.achieved { print(result.learner, result.qualification) }
        }
        print(records.report?.evaluated ?? 0, "evaluated")
        return records.report?.evaluated ?? 0
    }
}

/// DatesAndExceptions.md, run by the documentation tests.
enum DatesAndExceptions {
    static func examples(_ evaluator: Evaluator) throws -> (EvaluationResult, EvaluationResult) {
        let asOf = try CalendarDate("2013-07-31")
        let learner = Learner(id: "L1", registered: try CalendarDate("2013-02-01"), inductionHours: 1, tutorialHours: 2,
                              units: [.init(code: "8577-300", achieved: try CalendarDate("2013-06-01")),
                                      .init(code: "8577-301", achieved: try CalendarDate("2013-08-15"), hours: 6)])
        let then = evaluator.evaluate(learner, against: "8577-award-coaching", options: EvaluationOptions(asOf: asOf))!
        print(then.countedUnits, then.next ?? [], then.deadline!)   // ["8577-300"] ["8577-301", "8577-303"] 2016-02-01
        print(then.warnings.map(\.kind))                            // [after-as-of]

        var claim = Learner(id: "L2", registered: try CalendarDate("2013-02-01"), inductionHours: 1, tutorialHours: 1,
                            units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 6)])
        claim.exceptions = [
            .exempt("8577-303", reason: "RPL: portfolio 2014-03"),
            .waive(.tutorialHours, qualification: "8577-award-coaching", reason: "reasonable adjustment"),
        ]
        let award = evaluator.evaluate(claim, against: "8577-award-coaching")!
        print(award.achieved, award.exceptionsApplied.count)   // true 2
        for used in award.exceptionsApplied { print(PlainEnglish.explain(used)) }
        return (then, award)
    }

    static func versions(_ evaluator: Evaluator, _ catalog: QualificationCatalog, _ claim: Learner) throws -> [EvaluationResult] {
        let move = try VersionReference(parsing: "8577-award-coaching@1")
        if let problem = catalog.problem(with: move) { print(problem) }
        let asIfMoved = evaluator.evaluate(claim, options: EvaluationOptions(whatIf: [move]))
        print(asIfMoved.map(\.version))
        return asIfMoved
    }
}

/// README.md, "In a Swift service" (compiled only: it reads learners.jsonl from the working directory).
enum Readme {
    static func service() throws {
        let registry = try PackRegistry.bundled()              // no file paths
        let evaluator = try Evaluator(catalog: registry.catalog) // immutable, Sendable: share it

        // One learner built in code.
        let learner = Learner(id: "L1", tutorialHours: 4, units: [.init(code: "8578-300"), .init(code: "8578-304"),
                                                                 .init(code: "8578-306", hours: 36), .init(code: "8578-307")])
        for r in evaluator.evaluate(learner) where r.achieved { print(r.qualification, r.route ?? "") }

        // A learner file, read and evaluated on every core; results come back in input order.
        let report = try evaluator.evaluate(LearnerReader(path: "learners.jsonl")) { record in
            guard case .success(let results) = record.results else { return }   // or a LearnerRecordError
            for r in results { for u in r.unmet where u.code == .missingMandatoryUnit { print(r.learner, u.unit!) } }
        }
        _ = report
    }
}

/// GettingStarted.md (QualKitCore), compiled; the pack paths are a service's own, so it is not run.
enum GettingStarted {
    static func bundled() throws -> PackRegistry {
        let registry = try PackRegistry.bundled()
        return registry
    }

    static func packs(_ registry: PackRegistry) throws -> PackRegistry {
        let loaded = try registry.adding(directory: "/srv/qualkit/packs/XYZ")   // loaded.registry, loaded.warnings
        let updated = try loaded.registry.replacing(directory: "/srv/qualkit/packs/XYZ-2")
        let without = try updated.registry.removing(packID: "xyz")
        return without
    }

    static func evaluate(_ registry: PackRegistry) throws -> EvaluationResult {
        let evaluator = try Evaluator(catalog: registry.catalog)
        let learner = Learner(id: "L1", registered: try CalendarDate("2013-02-01"), inductionHours: 1, tutorialHours: 2,
                              units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 6), .init(code: "8577-303")])
        let award = evaluator.evaluate(learner, against: "600/5782/8")!
        print(award.achieved)   // true
        print(award.unmet)      // []
        return award
    }
}

/// QualKitCore.md, the module overview, compiled.
enum QualKitCoreOverview {
    static func evaluate(_ catalog: QualificationCatalog, _ learner: Learner) throws -> [EvaluationResult] {
        let evaluator = try Evaluator(catalog: catalog)
        let results = evaluator.evaluate(learner)      // one EvaluationResult per qualification
        return results
    }
}

/// QualKitCredentials.md.
enum CredentialsOverview {
    static func issueAndVerify() throws {
        let evaluator = try Evaluator(catalog: PackRegistry.bundled().catalog)
        let key = SigningKey.generate()
        let issuer = CredentialIssuer(profile: Profile(id: "https://centre.example/issuer", name: "Example Centre"),
                                      key: key, evaluator: evaluator)
        let units: [UnitAchievement] = [
            .init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
            .init(code: "8577-301", achieved: CalendarDate(iso: "2013-09-01"), hours: 6),
            .init(code: "8577-303", achieved: CalendarDate(iso: "2013-10-01"))]
        let learner = Learner(id: "L1", registered: CalendarDate(iso: "2013-02-01"), inductionHours: 1,
                              tutorialHours: 2, units: units)
        let verifier = CredentialVerifier(key: key.verificationKey)
        for issued in try issuer.credentials(for: learner) {
            let credential = try verifier.verify(issued.token)
            print(issued.learner, credential.name, credential.validFrom)
        }
    }
}
