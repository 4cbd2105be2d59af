import Foundation
import Testing
@testable import QualKitCore

/// A result's one description: the details of every unmet kind under their JSON keys and back, and
/// warnings read back from the sentences results carry.
@Suite("Result coding")
struct ResultCodingTests {
    static let day = CalendarDate(year: 2015, month: 6, day: 1)!, end = CalendarDate(year: 2015, month: 1, day: 31)!

    /// One of every kind (two shapes for the date limits), with fractional hours and entry levels.
    static let everyKind: [UnmetRequirement.Details] = [
        .missingMandatoryUnit(unit: "U1"), .practiceHours(unit: "U1", held: 5.5, required: 6),
        .groupMinCredits(group: "g", held: 4, required: 8), .groupMinUnits(group: "g", held: 1, required: 2),
        .minCredits(held: 0, required: 26), .minCreditsAtLevel(level: .entry(2), held: 3, required: 4),
        .groupMaxCredits(group: "g", held: 9, maximum: 4), .maxCreditsAtLevel(level: .level(3), held: 8, maximum: 6),
        .barredCombination(units: ["U1", "U2"]), .unitAssignment,
        .inductionHours(held: 0.25, required: 1), .tutorialHours(held: 1, required: 2),
        .registeredBeforeStart(date: end, limit: day),
        .registrationClosed(date: day, limit: end), .certificationClosed(unit: "U1", date: day, limit: end),
        .certificationClosed(unit: nil, date: day, limit: end), .completionWindow(unit: "U2", date: day, limit: end),
        .completionWindow(unit: nil, date: day, limit: end), .limitExceeded(required: 9, maximum: 8)
    ]

    @Test func everyKindIsCovered() {
        #expect(Set(Self.everyKind.map(\.code)) == Set(UnmetCode.allCases))
    }

    @Test(arguments: everyKind)
    func detailsGoToTheirKeysAndBack(details: UnmetRequirement.Details) throws {
        #expect(try UnmetRequirement.Details(code: details.code, fields: details.fields) == details)
        for message in [nil, "a sentence"] {
            let u = UnmetRequirement(details, message: message)
            let json = try JSONEncoder().encode(u)
            let decoded = try JSONDecoder().decode(UnmetRequirement.self, from: json)
            #expect(decoded == u, "\(String(decoding: json, as: UTF8.self))")
        }
    }

    @Test func aKindWithoutItsDetailsIsAnErrorNamingTheKey() throws {
        func decode(_ json: String) -> (any Error)? {
            do {
                _ = try JSONDecoder().decode(UnmetRequirement.self, from: Data(json.utf8))
                return nil
            } catch { return error }
        }
        let missing = decode(#"{"code":"group-min-credits","held":1,"required":2}"#) as? DecodingError
        guard case .keyNotFound(let key, _)? = missing else {
            Issue.record("expected a missing key"); return
        }
        #expect(key.stringValue == "group")
        let fraction = decode(#"{"code":"min-credits","held":1.5,"required":2}"#) as? DecodingError
        guard case .dataCorrupted(let context)? = fraction else {
            Issue.record("expected a corrupt value"); return
        }
        #expect(context.codingPath.map(\.stringValue) == ["held"])
        #expect(context.debugDescription.contains("whole number of credits"))
        // Hours may be fractional; keys another kind has are ignored.
        #expect(decode(#"{"code":"induction-hours","held":0.5,"required":1,"unit":"X"}"#) == nil)
    }

    /// Every warning that results carry, with subjects that contain the sentences' own fixed text.
    static let warnings: [EvaluationWarning] = {
        let x = LearnerException.exempt("U1", reason: "it) changes nothing for any qualification evaluated")
        var out: [EvaluationWarning] = []
        let subjects = [
            "U1", "a' is not defined in any loaded pack; it was ignored", "k' in the learner record",
            "x' dated ", ""
        ]
        for s in subjects {
            out += [
                .unknownUnit(s), .unknownAssessment(s),
                .unknownField(s, in: "the learner record", suggestion: "units"),
                .unknownField(s, in: "each entry of 'units'", suggestion: nil),
                .afterAsOf(s, what: "unit", date: day, asOf: end),
                .afterAsOf(s, what: "assessment attempt", date: day, asOf: end)
            ]
        }
        out += [
            .unusedException(0, x), .unusedException(11, x), .invalidException(2, x, "unit 'U1' is not defined"),
            .invalidException(
                3, .waive(.tutorialHours, reason: "r"),
                "changes nothing for any qualification evaluated"),
            .invalidException(4, x, "")
        ]
        return out
    }()

    @Test(arguments: warnings)
    func warningsAreReadBackFromTheirSentences(warning: EvaluationWarning) {
        #expect(EvaluationWarning(message: warning.message) == warning)
    }

    @Test func resultsCarryWarningsAsSentencesAndDecodeEqual() throws {
        let r = EvaluationResult(
            learner: "L", qualification: "q", achieved: false, credits: 3, requiredCredits: 10,
            countedUnits: ["U1"], route: nil, unmet: Self.everyKind.map { UnmetRequirement($0) },
            next: nil, deadline: Self.end, unchecked: [.asOfDates], warnings: Self.warnings,
            exceptionsApplied: [.exempt("U1", reason: "RPL")])
        let json = try JSONEncoder().encode(r)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["warnings"] as? [String] == Self.warnings.map(\.message))
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: json) == r)
        // Warnings as objects, as earlier versions of this encoding wrote them, still decode.
        var old = object
        old["warnings"] = [["kind": "unknown-unit", "message": "m", "subject": "X"]]
        let decoded = try JSONDecoder().decode(EvaluationResult.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.warnings == [EvaluationWarning(kind: .unknownUnit, message: "m", subject: "X")])
        // A sentence QualKit does not write is an error at its place.
        old["warnings"] = ["something else"]
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EvaluationResult.self, from: JSONSerialization.data(withJSONObject: old))
        }
    }
}
