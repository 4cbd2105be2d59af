import Foundation
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// The learner record has one description (`LearnerRecordSchema`) and one check of a decoded value: the
/// same mistake gets the same message from JSON Lines (the value parser and the engine's loader), `Codable`
/// and CSV, each naming the field as it spells it. These tests go over every field of every object and
/// every exception kind.
@Suite("Learner record schema")
struct RecordSchemaTests {
    static let bundled = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    /// One mistake: the record's JSON, the field's JSON path, the CSV row (with ``csvHeader``) and column
    /// when CSV carries the field, and the problem every reader must report.
    struct Mistake: CustomTestStringConvertible, Sendable {
        var object: String
        var key: String
        var json: String
        var path: String
        var csv: (row: String, column: String)?
        var problem: LearnerRecordSchema.Problem
        var testDescription: String { "\(object).\(key): \(json)" }
    }

    static let csvHeader = (LearnerCSVReader.Column.allCases.map(\.name)).joined(separator: ",")

    /// A CSV row of learner `L` with these cells (by column name), the others empty.
    static func row(_ cells: [String: String]) -> String {
        LearnerCSVReader.Column.allCases.map { cells[$0.name] ?? "" }.joined(separator: ",")
    }

    /// An exception row: `exception_` and the key for each field.
    static func exceptionRow(_ fields: [LearnerException.Field: String]) -> String {
        var cells = ["learner": "L"]
        for (f, v) in fields { cells[LearnerCSVReader.Column.exception(f).name] = v }
        return row(cells)
    }

    /// An exception's JSON object with these fields, in the order of `LearnerException.Field`.
    static func exceptionJSON(_ fields: [LearnerException.Field: String]) -> String {
        "{"
            + LearnerException.Field.allCases.compactMap { f in fields[f].map { "\"\(f.rawValue)\":\"\($0)\"" } }
            .joined(separator: ",") + "}"
    }

    /// A well-formed exception of each kind.
    static func valid(_ kind: LearnerException.Kind) -> [LearnerException.Field: String] {
        switch kind {
        case .exempt: [.kind: "exempt", .unit: "8577-301", .reason: "RPL"]
        case .substitute: [.kind: "substitute", .unit: "8578-302", .substituteFor: "8577-302", .reason: "same outcomes"]
        case .waive: [.kind: "waive", .requirement: "tutorial-hours", .reason: "adjustment"]
        case .extend:
            [
                .kind: "extend", .requirement: "completion-window", .until: "2017-06-30",
                .reason: "consideration"
            ]
        case .version: [.kind: "version", .qualification: "8577-award-coaching", .version: "1", .reason: "moved"]
        }
    }

    /// A value for `field` that a kind not taking it would be given.
    static let sample: [LearnerException.Field: String] = [
        .unit: "8577-300", .substituteFor: "8577-303", .requirement: "induction-hours", .until: "2018-01-01",
        .version: "1"
    ]

    static func exception(
        _ fields: [LearnerException.Field: String], _ key: LearnerException.Field,
        _ problem: LearnerRecordSchema.Problem
    ) -> Mistake {
        Mistake(
            object: LearnerRecordSchema.exception.id, key: key.rawValue,
            json: #"{"id":"L","exceptions":["# + exceptionJSON(fields) + "]}",
            path: "exceptions[0].\(key.rawValue)", csv: (exceptionRow(fields), "exception_" + key.rawValue),
            problem: problem)
    }

    /// One mistake per field, and per exception kind each required field missing and each field it does
    /// not take given.
    static let mistakes: [Mistake] = {
        typealias P = LearnerRecordSchema.Problem
        func date(_ text: String) -> P { .date(CalendarDate.DateError(text: text, problem: .noSuchDay)) }
        var out: [Mistake] = [
            Mistake(
                object: "learner", key: "id", json: #"{"id":""}"#, path: "id",
                csv: (row(["learner": "", "unit": "8577-300"]), "learner"),
                problem: .empty(expected: "a learner id")),
            Mistake(
                object: "learner", key: "registered", json: #"{"id":"L","registered":"2013-02-30"}"#,
                path: "registered", problem: date("2013-02-30")),
            Mistake(
                object: "learner", key: "induction_hours", json: #"{"id":"L","induction_hours":-1}"#,
                path: "induction_hours", problem: .hours(-1)),
            Mistake(
                object: "learner", key: "tutorial_hours", json: #"{"id":"L","tutorial_hours":1000001}"#,
                path: "tutorial_hours", problem: .hours(1_000_001)),
            Mistake(
                object: "unit", key: "code", json: #"{"id":"L","units":[{"code":"8577-300"},{"code":""}]}"#,
                path: "units[1].code", csv: (row(["learner": "L", "unit": ""]), "unit"),
                problem: .empty(expected: "a unit code")),
            Mistake(
                object: "unit", key: "achieved",
                json: #"{"id":"L","units":[{"code":"8577-300","achieved":"2013-13-01"}]}"#,
                path: "units[0].achieved",
                csv: (row(["learner": "L", "unit": "8577-300", "achieved": "2013-13-01"]), "achieved"),
                problem: date("2013-13-01")),
            Mistake(
                object: "unit", key: "hours", json: #"{"id":"L","units":[{"code":"8577-301","hours":-2.5}]}"#,
                path: "units[0].hours", csv: (row(["learner": "L", "unit": "8577-301", "hours": "-2.5"]), "hours"),
                problem: .hours(-2.5)),
            Mistake(
                object: "assessment", key: "id", json: #"{"id":"L","assessments":[{"id":"","marks":[1]}]}"#,
                path: "assessments[0].id", problem: .empty(expected: "an assessment id")),
            Mistake(
                object: "assessment", key: "marks", json: #"{"id":"L","assessments":[{"id":"a","marks":[3,1.5]}]}"#,
                path: "assessments[0].marks[1]", problem: .mark(1.5)),
            Mistake(
                object: "assessment", key: "date",
                json: #"{"id":"L","assessments":[{"id":"a","marks":[1],"date":"2014-02-29"}]}"#,
                path: "assessments[0].date", problem: date("2014-02-29")),
            exception(valid(.exempt).merging([.kind: "exmpt"]) { $1 }, .kind, .unknownKind("exmpt")),
            exception(
                valid(.waive).merging([.requirement: "tutorial-hour"]) { $1 }, .requirement,
                .unknownRequirement("tutorial-hour")),
            exception(valid(.extend).merging([.until: "2017-02-29"]) { $1 }, .until, date("2017-02-29")),
            exception(
                valid(.exempt).merging([.reason: " "]) { $1 }, .reason,
                .field("'reason' is missing or empty; every exception records why it was granted")),
            exception(
                valid(.waive).merging([.requirement: "min-credits"]) { $1 }, .requirement,
                .field(
                    "'min-credits' cannot be waived; expected one of "
                        + UnmetCode.waivable.map(\.rawValue).joined(separator: ", "))),
            exception(
                valid(.extend).merging([.requirement: "tutorial-hours"]) { $1 }, .requirement,
                .field(
                    "'tutorial-hours' cannot be extended; expected one of "
                        + UnmetCode.extendable.map(\.rawValue).joined(separator: ", "))),
            exception(
                valid(.waive).merging([.requirement: "practice-hours"]) { $1 }, .unit,
                .field("a 'practice-hours' waiver needs the 'unit' it applies to")),
            exception(
                valid(.substitute).merging([.substituteFor: "8578-302"]) { $1 }, .substituteFor,
                .field("a unit cannot substitute for itself"))
        ]
        for kind in LearnerException.Kind.allCases {
            let a = kind == .exempt || kind == .extend ? "an" : "a"
            for f in kind.requiredFields {
                var fields = valid(kind)
                fields[f] = nil
                out.append(exception(fields, f, .field("\(a) '\(kind)' exception needs '\(f.rawValue)'")))
            }
            for f in LearnerException.Field.allCases where !kind.allowedFields.contains(f) {
                out.append(
                    exception(
                        valid(kind).merging([f: sample[f]!]) { $1 }, f,
                        .field("\(a) '\(kind)' exception does not take '\(f.rawValue)'")))
            }
        }
        return out
    }()

    /// Every key of every object has a mistake (the lists themselves are checked by their entries; a
    /// qualification is checked against the packs, below).
    @Test func theMistakesCoverEveryField() {
        var missing: [String] = []
        for o in LearnerRecordSchema.objects {
            for k in o.keys {
                if case .list = k.type { continue }
                if o.id == "exception" && k.name == LearnerException.Field.qualification.rawValue { continue }
                if !mistakesCover(o.id, k.name) { missing.append("\(o.id).\(k.name)") }
            }
        }
        #expect(missing.isEmpty, "no mistake for \(missing)")
        for kind in LearnerException.Kind.allCases {
            #expect(Self.mistakes.contains { $0.json.contains(#""kind":"\#(kind)""#) }, "no mistake for kind \(kind)")
        }
    }

    func mistakesCover(_ object: String, _ key: String) -> Bool {
        Self.mistakes.contains { $0.object == object && $0.key == key }
    }

    @Test(arguments: mistakes)
    func everyReaderWordsTheMistakeTheSame(_ m: Mistake) throws {
        let expected = m.problem.message("'\(m.path)'")

        // JSON Lines: the value parser and the engine's loader.
        guard case .failure(let f) = LearnerJSONParser().parse(Array(m.json.utf8)) else {
            Issue.record("the parser accepted \(m.json)"); return
        }
        #expect(f.message == expected)
        #expect(f.field == m.path || f.field.map { m.path.hasPrefix($0) } == true, "\(f.field ?? "no field")")
        var loader = RecordLoader(evaluator: Self.bundled)
        let loaded = loader.load(Array(m.json.utf8), into: Self.bundled.makeWorkspace())
        #expect(loaded?.message == expected)

        // Codable.
        do {
            _ = try JSONDecoder().decode(Learner.self, from: Data(m.json.utf8))
            Issue.record("Codable accepted \(m.json)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == expected)
        }

        // CSV, naming the column.
        if let (row, column) = m.csv {
            let items = LearnerCSVReader().read(Array((Self.csvHeader + "\n" + row + "\n").utf8))
            let messages = items.compactMap { if case .rejected(_, let text) = $0 { text } else { nil } }
            let csvExpected = m.problem.message("'\(column)'")
            #expect(messages.count == 1, "\(items)")
            #expect(
                messages.first.map { $0 == csvExpected || $0.hasPrefix(csvExpected + " (learner ") } == true,
                "\(messages)")
            // The same words after the field's name.
            #expect(csvExpected.dropFirst(column.count + 2) == expected.dropFirst(m.path.count + 2))
        }
    }

    /// A value built in code gets the readers' words from `Evaluator.problems(in:)`.
    @Test func problemsInAValueAreWordedAsTheReadersWordThem() {
        let learner = Learner(
            id: "", inductionHours: -1,
            units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 2_000_000)],
            exceptions: [.exempt("8577-301", qualification: "8577-awrd", reason: "RPL")])
        let problems = Self.bundled.problems(in: learner)
        #expect(problems.contains(LearnerRecordSchema.Problem.empty(expected: "a learner id").message("'id'")))
        #expect(problems.contains(LearnerRecordSchema.Problem.hours(-1).message("'induction_hours'")))
        #expect(problems.contains(LearnerRecordSchema.Problem.hours(2_000_000).message("'units[1].hours'")))
        let unknown = "'exceptions[0].qualification': qualification '8577-awrd' is not defined"
        #expect(problems.contains { $0.hasPrefix(unknown) })
        // The engine's loader words the unknown qualification the same way.
        let line =
            #"{"id":"L","exceptions":[{"kind":"exempt","unit":"8577-301","#
            + #""qualification":"8577-awrd","reason":"RPL"}]}"#
        var loader = RecordLoader(evaluator: Self.bundled)
        let f = loader.load(Array(line.utf8), into: Self.bundled.makeWorkspace())
        #expect(f.map { problems.contains($0.message) } == true, "\(f?.message ?? "accepted")")
    }
}
