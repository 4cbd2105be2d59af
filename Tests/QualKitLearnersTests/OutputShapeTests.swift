import Foundation
import Testing
@testable import QualKit
import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// Every unmet kind, with its details, written by the engine's byte writer and by the value encoding:
/// the same bytes, with and without messages, for every field list.
@Suite("Output shape")
struct OutputShapeTests {
    static func unit(_ code: String, _ credits: Int, level: Int = 3, hours: Double? = nil) -> LearningUnit {
        LearningUnit(
            code: UnitCode(code), title: "Unit \(code)", level: .level(level), credits: Credits(credits),
            guidedLearningHours: GuidedLearningHours(credits * 3), minimumPracticeHours: hours.map { Hours($0) })
    }

    /// One qualification whose rules can fail in every way: a mandatory unit with practice hours, a
    /// group minimum in credits and in units, a cap, a total, credits at level 4, a bar, delivery hours
    /// and every date.
    static let evaluator: Evaluator = {
        let units = [
            unit("M1", 3, hours: 6), unit("A1", 4), unit("A2", 4), unit("B1", 2, level: 4), unit("B2", 2, level: 4),
            unit("C1", 5), unit("C2", 5)
        ]
        let groups = [
            UnitGroup(id: "ga", title: "Group A", units: ["A1", "A2"]),
            UnitGroup(id: "gb", title: "Group B", units: ["B1", "B2"]),
            UnitGroup(id: "gc", title: "Group C", units: ["M1", "C1"])
        ]
        let rules: [Rule] = [
            .mandatory(["M1", "C1"]), .minCreditsFromGroup("ga", 8), .minUnitsFromGroup("gb", 2),
            .maxCreditsFromGroup("gc", 4), .minCredits(26), .minCreditsAtLevel(.level(4), 4), .barred(["M1", "C1"]),
            .maxCreditsAtLevel(.level(3), 6)
        ]
        let q = Qualification(
            id: "q", title: "Every way", level: .level(3), creditValue: 26, groups: groups, rules: rules,
            delivery: DeliveryRequirements(minimumInductionHours: 1, minimumTutorialHours: 2),
            validity: Validity(
                operationalStart: CalendarDate(year: 2013, month: 1, day: 1),
                registrationEnd: CalendarDate(year: 2015, month: 1, day: 1),
                certificationEnd: CalendarDate(year: 2016, month: 1, day: 1), completionYears: 2))
        let family = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: units, qualifications: [q])
        return try! Evaluator(catalog: QualificationCatalog([family]))
    }()

    static let learners = [
        Learner(
            id: "every", registered: CalendarDate(year: 2015, month: 6, day: 1), inductionHours: 0.5, tutorialHours: 1,
            units: [
                .init(code: "M1", achieved: CalendarDate(year: 2018, month: 2, day: 1), hours: 5.5), .init(code: "A1"),
                .init(code: "C2", achieved: CalendarDate(year: 2016, month: 3, day: 1))
            ]),
        Learner(id: "barred", units: ["M1", "C1", "C2", "A1", "A2", "B1", "B2"].map { .init(code: UnitCode($0)) }),
        Learner(
            id: "late", registered: CalendarDate(year: 2014, month: 1, day: 1), inductionHours: 1, tutorialHours: 2,
            units: ["M1", "C1", "A1", "A2", "B1", "B2"].map {
                .init(code: UnitCode($0), achieved: CalendarDate(year: 2017, month: 1, day: 1))
            }),
        Learner(id: "none"),
        Learner(id: "early", registered: CalendarDate(year: 2012, month: 6, day: 1), units: [.init(code: "A1")]),
        Learner(
            id: "excepted", registered: CalendarDate(year: 2014, month: 1, day: 1), inductionHours: 1,
            tutorialHours: 0.5,
            units: [
                .init(code: "M1", achieved: CalendarDate(year: 2016, month: 6, day: 1), hours: 4), .init(code: "A1")
            ],
            exceptions: [
                .exempt("A2", reason: "RPL, \"portfolio\""), .waive(.tutorialHours, reason: "adjustment"),
                .waive(.practiceHours, unit: "M1", reason: "special consideration"),
                .extend(.certificationClosed, until: CalendarDate(year: 2017, month: 1, day: 1)!, reason: "extension"),
                .exempt("B1", qualification: "q", reason: "for this qualification only")
            ])
    ]

    func bytes(fields: [ResultField], messages: Bool, csv: Bool, asOf: CalendarDate? = nil) -> (
        engine: String, values: String
    ) {
        let writer = ResultByteWriter(
            evaluator: Self.evaluator, jsonFields: fields, csvFields: fields, messages: messages)
        let ws = Self.evaluator.makeWorkspace()
        ws.asOf = asOf
        var values: [UInt8] = []
        for l in Self.learners {
            var id: [UInt8] = []
            if csv {
                ResultEncoding.csvField(l.id.rawValue, &id)
            } else {
                ResultEncoding.string(l.id.rawValue, &id)
                id = Array(id.dropFirst().dropLast())
            }
            Self.evaluator.evaluate(l, in: ws) { o in
                id.withUnsafeBufferPointer {
                    csv ? writer.appendCSV(o, in: ws, idCSV: $0) : writer.appendJSON(o, in: ws, idJSON: $0)
                }
                let r = ws.result(o, messages: messages)
                if csv {
                    ResultEncoding.appendCSV(r, fields: fields, to: &values)
                } else {
                    ResultEncoding.appendJSON(r, fields: fields, to: &values)
                }
            }
        }
        return (
            String(decoding: UnsafeRawBufferPointer(writer.buffer.bytes), as: UTF8.self),
            String(decoding: values, as: UTF8.self)
        )
    }

    @Test func everyKindHasItsDetails() throws {
        let results = Self.learners.flatMap { Self.evaluator.evaluate($0, options: EvaluationOptions(messages: false)) }
        let codes = Set(results.flatMap { $0.unmet.map(\.code) })
        // limit-exceeded has its own tests (DatesAndExceptionsTests).
        #expect(codes == Set(UnmetCode.allCases).subtracting([.unitAssignment, .limitExceeded]), "\(codes)")
        let every = results[0].unmet
        func the(_ c: UnmetCode) -> UnmetRequirement? {
            every.first { $0.code == c } ?? results.flatMap(\.unmet).first { $0.code == c }
        }
        #expect(the(.practiceHours)?.details == .practiceHours(unit: "M1", held: 5.5, required: 6))
        #expect(the(.groupMinCredits)?.details == .groupMinCredits(group: "ga", held: 4, required: 8))
        func matches(_ code: UnmetCode, _ pattern: (UnmetRequirement.Details) -> Bool) -> Bool {
            the(code).map { pattern($0.details) } ?? false
        }
        #expect(matches(.groupMinUnits) { if case .groupMinUnits("gb", _, 2) = $0 { true } else { false } })
        #expect(
            matches(.minCreditsAtLevel) {
                if case .minCreditsAtLevel(.level(4), _, 4) = $0 { true } else { false }
            })
        #expect(matches(.groupMaxCredits) { if case .groupMaxCredits("gc", _, 4) = $0 { true } else { false } })
        #expect(the(.barredCombination)?.details == .barredCombination(units: ["M1", "C1"]))
        #expect(the(.inductionHours)?.details == .inductionHours(held: 0.5, required: 1))
        #expect(matches(.tutorialHours) { if case .tutorialHours(_, 2) = $0 { true } else { false } })
        let june = CalendarDate(year: 2015, month: 6, day: 1)!, newYear = CalendarDate(year: 2015, month: 1, day: 1)!
        #expect(the(.registrationClosed)?.details == .registrationClosed(date: june, limit: newYear))
        let early = CalendarDate(year: 2012, month: 6, day: 1)!, start = CalendarDate(year: 2013, month: 1, day: 1)!
        #expect(the(.registeredBeforeStart)?.details == .registeredBeforeStart(date: early, limit: start))
        #expect(the(.maxCreditsAtLevel)?.details == .maxCreditsAtLevel(level: .level(3), held: 8, maximum: 6))
        #expect(the(.certificationClosed)?.limit == CalendarDate(year: 2016, month: 1, day: 1))
        #expect(the(.completionWindow)?.limit != nil && the(.completionWindow)?.unit != nil)
        #expect(results.allSatisfy { $0.unmet.allSatisfy { $0.message == nil } })
    }

    @Test(arguments: [false, true])
    func theEngineWritesWhatTheValuesEncode(messages: Bool) {
        let lists: [[ResultField]] = [
            ResultField.jsonLines, ResultField.csv, [.learner, .qualification, .achieved, .credits],
            [.unmet, .learner], ResultField.allCases.reversed()
        ]
        for fields in lists {
            for csv in [false, true] {
                for asOf in [nil, CalendarDate(year: 2016, month: 3, day: 1)] {
                    let (engine, values) = bytes(fields: fields, messages: messages, csv: csv, asOf: asOf)
                    #expect(
                        engine == values,
                        "fields \(fields.map(\.rawValue)), csv \(csv), as of \(String(describing: asOf))")
                }
                let (engine, _) = bytes(fields: fields, messages: messages, csv: csv)
                if !csv {
                    for line in engine.split(separator: "\n") {
                        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                        // Every key asked for, but `counted_as`, there only when a unit stood in for another.
                        let keys = object.map { Set($0.keys).union([ResultField.countedAs.rawValue]) }
                        #expect(keys == Set(fields.map(\.rawValue) + [ResultField.countedAs.rawValue]), "\(line)")
                    }
                }
            }
        }
    }
}
