import Foundation
import Testing
import QualKit
@testable import QualKitReports

@Suite("Cohort statistics")
struct CohortStatisticsTests {
    /// Each figure counts what the results say, computed here straight from the results; lists keep at
    /// most the limit, the first learners in input order; and rejected records keep their line.
    @Test func figuresCountTheResults() throws {
        let asOf = CalendarDate(year: 2015, month: 6, day: 30)!
        let records = try Fixtures.records("learners.jsonl", asOf: asOf)
        var builder = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, asOf: asOf, listLimit: 3)
        for record in records { builder.add(record) }
        let statistics = builder.statistics
        let all = records.flatMap { (try? $0.results.get()) ?? [] }
        #expect(statistics.learnersEvaluated == 52)
        #expect(statistics.rejected.count == 0)
        #expect(statistics.qualifications.map(\.qualification) == Fixtures.evaluator.qualifications.map(\.id))
        for q in statistics.qualifications {
            let mine = all.filter { $0.qualification == q.qualification }
            #expect(q.evaluated == mine.count)
            let achieved = mine.filter(\.achieved)
            #expect(q.achieved.count == achieved.count)
            #expect(q.achieved.items.map(\.learner) == Array(achieved.prefix(3).map(\.learner)))
            let oneAway = mine.filter { !$0.achieved && $0.next?.count == 1 }
            #expect(q.oneUnitAway.count == oneAway.count)
            #expect(q.completingUnits.map(\.learners.count).reduce(0, +) == oneAway.count)
            #expect(q.completingUnits.map(\.learners.count) == q.completingUnits.map(\.learners.count).sorted(by: >))
            for b in q.blocking {
                let blocked = mine.filter { r in r.unmet.contains { $0.code == b.code } }
                #expect(b.learners.count <= blocked.count)
                #expect(b.learners.items.count == min(3, b.learners.count))
            }
            let missing = mine.filter { r in r.unmet.contains { $0.code == .missingMandatoryUnit } }.count
            let counted = q.blocking.filter { $0.code == .missingMandatoryUnit }.map(\.learners.count).max() ?? 0
            #expect(counted <= missing)
            #expect(q.deadlines.map(\.days) == [30, 60, 90])
            let counts = q.deadlines.map(\.learners.count)
            #expect(counts == counts.sorted())
            let within90 = mine.filter { r in
                guard !r.achieved, r.next?.isEmpty == false, let d = r.deadline else { return false }
                return (0...90).contains(d.dayNumber - asOf.dayNumber)
            }
            #expect(counts.last == within90.count)
        }
    }

    /// Rejected records are counted with their file and line; the lists keep the limit.
    @Test func rejectedRecordsKeepTheirLines() throws {
        let records = try Fixtures.records("learners-malformed.jsonl")
        var builder = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, listLimit: 5)
        for record in records { builder.add(record) }
        let statistics = builder.statistics
        let rejected = records.filter { if case .failure = $0.results { true } else { false } }
        #expect(statistics.rejected.count == rejected.count)
        #expect(statistics.rejected.count > 5)
        #expect(statistics.rejected.items.map(\.line) == Array(rejected.prefix(5).map(\.line)))
        #expect(statistics.rejected.rest == rejected.count - 5)
        let first = try #require(statistics.rejected.items.first)
        #expect(first.description.hasPrefix(first.file + ":\(first.line): error: "))
        #expect(statistics.learnersEvaluated == records.count - rejected.count)
    }

    /// Exceptions are counted by kind, once a learner, from the exceptions the results applied.
    @Test func exceptionsAreCountedByKind() throws {
        let text =
            #"{"id":"E1","units":[{"code":"8577-300"},{"code":"8577-303"}],"#
            + #""exceptions":[{"kind":"exempt","unit":"8577-301","reason":"RPL"}]}"# + "\n"
            + #"{"id":"E2","units":[{"code":"8577-300"}]}"# + "\n"
        var builder = CohortStatisticsBuilder(evaluator: Fixtures.evaluator)
        Fixtures.evaluator.evaluate(LearnerReader(text: text)) { builder.add($0) }
        let statistics = builder.statistics
        #expect(statistics.exceptionsUsed.map(\.kind) == [.exempt])
        #expect(statistics.exceptionsUsed.first?.learners.items.map(\.learner) == ["E1"])
        let award = try #require(statistics.qualifications.first { $0.qualification == "8577-award-coaching" })
        #expect(award.achieved.items.map(\.learner) == ["E1"])
    }
}
