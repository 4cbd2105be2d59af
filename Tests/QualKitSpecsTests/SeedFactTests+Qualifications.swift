import Foundation
import Testing
@testable import QualKitSpecs

/// Facts of the qualifications, their groups and their assessments that #25's audit found asserted by no
/// test. Each expected text is copied from its source document (the line is given) and compared with the
/// pack's, so that changing any of these facts in a pack fails a test.
extension SeedFactTests {
    /// The same words, whatever the line breaks and spacing (the documents wrap lines where the packs do not).
    static func words(_ text: String?) -> String? {
        text.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    // MARK: - Purposes

    static let coachingPurpose =
        // 001 line 9
        """
        The Award and Certificate in Coaching are designed for people in their first management roles, including \
        team leaders and first-line managers. They are both ideal for individuals seeking to develop the tools, \
        knowledge and confidence to coach people as part of their normal working role.
        """
    static let mentoringPurpose =
        // 001 line 34
        """
        The Level 3 Award and Certificate in Mentoring are designed for people in their first management roles, \
        such as team leaders and first-line managers. It is ideal for individuals seeking to develop the skills, \
        knowledge and confidence to mentor people as part of their normal working role.
        """
    static let coachingAndMentoringPurpose =
        // 001 line 58
        """
        This qualification is designed for junior managers seeking to gain the skills, knowledge and confidence \
        to coach and mentor people as part of their normal role. It’s also the ideal starting point for a career \
        in coaching and mentoring.
        """
    static let purpose8578 = """
        This qualification is designed for junior managers seeking
        to gain the skills, knowledge and confidence to coach and
        mentor people as part of their normal role. It’s also the
        ideal starting point for a career in coaching and mentoring.
        """ // 002 lines 2-5, "Who is this qualification for?"
    static let d3Purpose = """
        Aims to equip practising and potential team leaders and first line
        managers with the knowledge, skills and confidence to perform
        effectively as workplace coaches as part of their normal work role;
        and in addition to equip them to possibly move into a development
        role within their organisations or as a freelance workplace coach.
        """ // 004 lines 5-9, "Purpose of the qualification"

    /// The five purpose texts of the documents: 001 gives one for each of its three pairs of
    /// qualifications ("Who are these qualifications for?"), 002 one ("Who is this qualification for?"),
    /// 004 one ("Purpose of the qualification").
    static let qualificationPurposeTexts: [(String, String)] = [
        ("8577-award-coaching", coachingPurpose),
        ("8577-certificate-coaching", coachingPurpose),
        ("8577-award-mentoring", mentoringPurpose),
        ("8577-certificate-mentoring", mentoringPurpose),
        ("8577-certificate-coaching-mentoring", coachingAndMentoringPurpose),
        ("8578-certificate-coaching-mentoring", purpose8578),
        ("d3-certificate-professional-workplace-coaches", d3Purpose)
    ]

    @Test func qualificationPurposes() throws {
        // Five texts in the documents; 001's for the Certificate in Coaching and Mentoring and 002's are word for word
        // the same.
        #expect(Set(Self.qualificationPurposeTexts.map { Self.words($0.1) }).count == 4)
        #expect(Self.qualificationPurposeTexts.count == catalog.qualifications.count)
        for (id, text) in Self.qualificationPurposeTexts {
            let q = try #require(catalog.qualification(id))
            #expect(Self.words(q.purpose) == Self.words(text), "\(id)")
        }
    }

    // MARK: - Assessments

    /// 004 Appendix B: each assessment's heading (printed in capitals) and its TASK, as printed.
    @Test(
        "D3 assessment titles and tasks (004 Appendix B)",
        arguments: [
            (
                "d3-work-based-assignment", " WORK-BASED ASSIGNMENT:  D3.01 AND D3.02 ", // line 957
                """
                Plan your workplace coaching and assess your communication skills to perform effectively as a \
                workplace \ncoach.\u{20}
                """
            ), // 963-964
            (
                "d3-coaching-diary", " COACHING DIARY: D3.03 ", // line 1305
                """
                Undertake a minimum of 6 hours workplace coaching and maintain a coaching diary to reflect on \
                your \nperformance \u{20}
                """
            ), // 1311-1312
            (
                "d3-reflective-log", " PERSONAL DEVELOPMENT PLAN AND REFLECTIVE LOG: D3.04 ", // line 1524
                """
                To maintain a reflective coaching diary over a period of a minimum of 30 hours of supervised \
                coaching \nactivity.\u{20}
                """
            ) // 1530-1531
        ])
    func assessmentTitleAndTask(id: String, heading: String, task: String) throws {
        let a = try #require(catalog.assessmentsByID[AssessmentID(id)])
        // The pack writes the capitalised heading in sentence case; the words are the same.
        #expect(Self.words(a.title)?.lowercased() == Self.words(heading)?.lowercased())
        #expect(Self.words(a.task) == Self.words(task))
    }

    /// 001, "Assessments:" of each of the five qualifications (lines 260, 301, 341, 384, 425).
    static let assessmentNote8577 =
        """
        Criterion assessment applies to all units within this qualification (i.e. the learner must adequately \
        evidence each assessment criterion). For further details see the ILM recommended Mark-Sheet for each unit.
        """

    @Test func assessmentNotes() throws {
        for q in catalog.qualifications {
            if q.id.rawValue.hasPrefix("8577-") {
                #expect(Self.words(q.assessmentNote) == Self.assessmentNote8577, "\(q.id)")
            } else {
                // 002; 004 gives mark sheets
                #expect(q.assessmentNote == nil, "\(q.id): its document gives no such note")
            }
        }
        #expect(catalog.qualifications.filter { $0.id.rawValue.hasPrefix("8577-") }.count == 5)
    }

    // MARK: - Groups no rule names

    /// 001 "Overview of Units" heads its table "Group 1" (line 433) and lists 8577-300 to 8577-307; 004's
    /// overview lists "Mandatory Units" D3.01 to D3.04 (line 32). No rule names either group, and the
    /// model keeps them.
    @Test(
        "Groups as the documents head them",
        arguments: [
            (
                "ilm-8577", "group-1", "Group 1",
                ["8577-300", "8577-301", "8577-302", "8577-303", "8577-304", "8577-305", "8577-306", "8577-307"]
            ),
            ("ilm-8578", "group-1", "Group 1", ["8578-302", "8578-303"]),
            ("ilm-8578", "group-2", "Group 2", ["8578-306", "8578-307"]),
            ("ilm-d3", "mandatory", "Mandatory Units", ["D3.01", "D3.02", "D3.03", "D3.04"])
        ])
    func declaredGroup(pack: String, id: String, heading: String, units: [String]) throws {
        let family = try #require(catalog.families.first { $0.id == pack })
        let group = try #require(family.groups.first { $0.id == GroupID(id) })
        // D3's pack writes "Mandatory units", the heading's words in sentence case.
        #expect(group.title.lowercased() == heading.lowercased())
        #expect(group.units == units.map { UnitCode($0) })
    }

    @Test func everyDeclaredGroupIsInTheModelJSON() throws {
        #expect(catalog.families.map { $0.groups.count } == [1, 2, 1])
        let json = try JSONEncoder().encode(catalog.families)
        let decoded = try JSONDecoder().decode([QualificationFamily].self, from: json)
        #expect(decoded == catalog.families)
        let text = try #require(String(data: json, encoding: .utf8))
        #expect(text.contains("\"Mandatory units\""))
    }

    // MARK: - GLH the documents do not state

    /// 001 gives no GLH figure for a qualification: "The overall guided learning hours for the programme
    /// depends on the specific units selected, combined with the additional induction and tutorial support
    /// cited above." (lines 247, 288, 328, 370, 411). 002 gives none either; 004 gives "36 hours".
    @Test func qualificationGLH() throws {
        for q in catalog.qualifications {
            let expected: Int? = q.id == "d3-certificate-professional-workplace-coaches" ? 36 : nil
            #expect(q.guidedLearningHours?.value == expected, "\(q.id)")
        }
    }
}
