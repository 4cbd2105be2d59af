// swift-format-ignore-file: its code is the documentation's, line for line, and is laid out as the documentation shows it.
// The ```swift examples of the public symbols' doc comments, compiled (not run: they name files a test
// does not have). `SymbolDocExampleTests` checks that every example in Sources/ appears here line for
// line (indentation aside): edit both together.
import Foundation
import QualKit
import QualKitCredentials

enum SymbolDocExamples {
    // PackRegistry
    static func packRegistry() throws {
        let registry = try PackRegistry.bundled()                            // 8577, 8578, D3; no file paths
        let more = try registry.adding(directory: "/srv/packs/XYZ").registry  // plugins at run time
        let evaluator = try Evaluator(catalog: more.catalog)
        _ = evaluator
    }

    // Qualification.version(registeredOn:)
    static func versionInForce(_ qualification: Qualification) {
        let rules = qualification.version(registeredOn: CalendarDate(year: 2016, month: 3, day: 1)!)
        print(rules.version)
    }

    // VersionReference
    static func versionReference() throws -> EvaluationOptions {
        let move = try VersionReference(parsing: "8577-award-coaching@2")
        let options = EvaluationOptions(whatIf: [move])
        return options
    }

    // PackLoader
    static func packLoader() {
        let result = PackLoader.load(directory: "Specs/D3")
        for d in result.diagnostics { print(d) }      // Specs/D3/units.yaml:12:5: error: …
        if let pack = result.pack { print(pack.id, pack.family.qualifications.count, "qualifications") }
    }

    // Evaluator
    static func evaluator(_ catalog: QualificationCatalog, _ learner: Learner) throws {
        let evaluator = try Evaluator(catalog: catalog)
        for result in evaluator.evaluate(learner) where result.achieved {
            print(result.learner, "achieved", result.qualification)
        }
    }

    // UnmetCode
    static func unmetCode(_ result: EvaluationResult) {
        for requirement in result.unmet where requirement.code == .missingMandatoryUnit {
            print("missing", requirement.unit!)   // the kind's values: `requirement.details`
        }
    }

    // UnmetRequirement
    static func unmetRequirement(_ requirement: UnmetRequirement) {
        switch requirement.details {
        case .missingMandatoryUnit(let unit): print("missing", unit)
        case .groupMinCredits(let group, let held, let required): print(group, held, "of", required, "credits")
        case .practiceHours(let unit, let held, let required): print(unit, held, "of", required, "hours")
        default: print(requirement.code, requirement.message ?? requirement.code.summary)
        }
    }

    // Evaluator.evaluate(_: LearnerRecord)
    static func evaluateRecord(_ evaluator: Evaluator) throws {
        for record in try LearnerReader(path: "learners.jsonl") {
            switch evaluator.evaluate(record) {
            case .success(let results): for r in results where r.achieved { print(r.learner, r.qualification) }
            case .failure(let error): print(error)   // learners.jsonl:7:12: error: …
            }
        }
    }

    // ResultReader
    static func resultReader() throws {
        for line in try ResultReader(path: "results.jsonl") {
            switch line {
            case .success(let result): if !result.achieved { print(result.learner, result.unmet.map(\.code)) }
            case .failure(let error): print(error)   // results.jsonl:3: error: unmet[0].held: …
            }
        }
    }

    // Level
    static func level() {
        let level = Level(parsing: "3")      // .level(3)
        print(level! >= .level(2))            // true
    }

    // CalendarDate.init(parsing:)
    static func calendarDate() throws {
        let day = try CalendarDate(parsing: "2015-08-31")
        do { _ = try CalendarDate(parsing: "2015-02-29") } catch {
            print(error)   // '2015-02-29' is not a date: the day is 29, but February 2015 has 28 days; ...
            print(error.problem == .dayOutOfRange(day: 29, daysInMonth: 28))   // true
        }
        _ = day
    }

    // Learner
    static func learner() throws -> Learner {
        let learner = Learner(
            id: "L0000001", registered: try CalendarDate("2013-02-01"),
            inductionHours: 1, tutorialHours: 2,
            units: [.init(code: "8577-300", achieved: try CalendarDate("2013-06-01")),
                    .init(code: "8577-301", hours: 6)])
        return learner
    }

    // Evaluator.evaluate(_:options:threads:duplicateCheckLimit:_:)
    static func bulk(_ evaluator: Evaluator) throws {
        let reader = try LearnerReader(path: "learners.jsonl")
        let report = evaluator.evaluate(reader) { record in   // rethrows: here, nothing
            switch record.results {
            case .success(let results): for r in results where r.achieved { print(r.learner, r.qualification) }
            case .failure(let error): print(error)
            }
        }
        print(report.evaluated, "evaluated,", report.rejected, "rejected")
    }

    // Evaluator.evaluate(_:options:threads:duplicateCheckLimit:)
    static func evaluatedRecords(_ evaluator: Evaluator) async throws {
        let records = evaluator.evaluate(try LearnerReader(path: "learners.jsonl"))
        for try await record in records {   // throws only CancellationError
            guard case .success(let results) = record.results else { continue }   // or a LearnerRecordError
            for result in results where result.achieved { print(result.learner, result.qualification) }
        }
        print(records.report?.evaluated ?? 0, "evaluated")
    }

    // CohortDiff
    static func cohortDiff() throws {
        let before = try Evaluator(catalog: PackRegistry.bundled().catalog)
        let edited = try PackRegistry.bundled(excluding: ["ilm-8577"]).adding(directory: "edited/8577").registry
        let after = try Evaluator(catalog: edited.catalog)
        let diff = CohortDiff(from: before, to: after)
        let report = try diff.run(LearnerReader(path: "learners.jsonl")) { learner in
            guard case .success(let changes) = learner.changes else { return }   // or a LearnerRecordError
            for c in changes { print(learner.learner, c.qualification, c.kind) }
        }
        print(report.changedLearners, "of", report.compared, "learners changed")
    }

    // LearnerReader
    static func learnerReader() throws {
        let reader = try LearnerReader(path: "learners.jsonl")
        for record in reader {
            switch record.learner {
            case .success(let learner): print(learner.id, learner.units.count)
            case .failure(let error): print(error)   // learners.jsonl:7:12: error: …
            }
        }
    }

    // LearnerWorksheet
    static func learnerWorksheet() throws {
        let registry = try PackRegistry.bundled()
        let evaluator = try Evaluator(catalog: registry.catalog)
        let learner = Learner(id: "L1", units: [.init(code: "8577-300")])
        let sheet = LearnerWorksheet(results: evaluator.evaluate(learner), catalog: registry.catalog)
        for q in sheet.qualifications where !q.achieved { print(q.title, q.stillNeeded) }
    }

    // CohortStatisticsBuilder
    static func cohortStatisticsBuilder() throws {
        let registry = try PackRegistry.bundled()
        let evaluator = try Evaluator(catalog: registry.catalog)
        var builder = CohortStatisticsBuilder(evaluator: evaluator)
        evaluator.evaluate(LearnerReader(bytes: Array(#"{"id":"L1","units":[{"code":"8577-300"}]}"#.utf8))) {
            builder.add($0)
        }
        let statistics = builder.statistics
        print(statistics.learnersEvaluated, statistics.qualifications[0].achieved.count)
    }

    // QualKitCredentials: Achievement
    static func achievement() throws {
        let catalog = try PackRegistry.bundled().catalog
        if let family = catalog.family(of: "8577-award-coaching") {
            let award = Achievement(family.qualifications[0], in: family, units: catalog.unitsByCode)
            print(award.humanCode ?? "", award.achievementType ?? "")   // 600/5782/8 Award
        }
    }

    // QualKitCredentials: Profile
    static func profile() {
        let issuer = Profile(id: "https://centre.example/issuer", name: "Example Centre")
        _ = issuer
    }

    // QualKitCredentials: SigningKey
    static func signingKey() throws {
        let key = SigningKey.generate()
        let again = try SigningKey(jwk: key.privateJWK, file: "key.jwk")
        print(again.verificationKey == key.verificationKey)   // true
    }

    // QualKitCredentials: CredentialIssuer
    static func credentialIssuer() throws {
        let evaluator = try Evaluator(catalog: PackRegistry.bundled().catalog)
        let issuer = CredentialIssuer(profile: Profile(id: "https://centre.example/issuer", name: "Example Centre"),
                                      key: SigningKey.generate(), evaluator: evaluator)
        let units: [UnitAchievement] = [
            .init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
            .init(code: "8577-301", achieved: CalendarDate(iso: "2013-09-01"), hours: 6),
            .init(code: "8577-303", achieved: CalendarDate(iso: "2013-10-01"))]
        let learner = Learner(id: "L1", registered: CalendarDate(iso: "2013-02-01"), inductionHours: 1,
                              tutorialHours: 2, units: units)
        for issued in try issuer.credentials(for: learner) {
            print(issued.qualification, issued.credential.validFrom)   // 8577-award-coaching 2013-10-01T00:00:00Z
        }
    }

    // QualKitCredentials: CredentialVerifier
    static func credentialVerifier() {
        let verifier = CredentialVerifier(key: SigningKey.generate().verificationKey)
        do { _ = try verifier.verify("not.a.token") } catch { print(error.kind) }   // malformedToken
    }
}
