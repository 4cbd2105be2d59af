import Testing
@testable import QualKitSpecs

extension SeedFactTests {
    // Every text below appears verbatim (whitespace aside) in its source document: unit and qualification
    // titles in 000/001 (8577), 002 (8578) and 004 (D3); outcomes, criteria and NOS in 004 Appendix A.

    static let unitTitles: [(String, String)] = [
        ("8577-300", "Understanding Good Practice in Workplace Coaching"),
        ("8577-301", "Undertaking Coaching in the Workplace"),
        ("8577-302", "Undertaking an Extended Period of Coaching in the Workplace"),
        ("8577-303", "Reflecting on Workplace Coaching Skills"),
        ("8577-304", "Understanding Good Practice in Workplace Mentoring"),
        ("8577-305", "Undertaking Mentoring in the Workplace"),
        ("8577-306", "Undertaking an Extended Period of Mentoring in the Workplace"),
        ("8577-307", "Reflecting on Workplace Mentoring Skills"),
        ("8578-300", "Understanding Good Practice in Workplace Coaching"),
        ("8578-304", "Understanding Good Practice in Workplace Mentoring"),
        ("8578-302", "Undertaking an Extended Period of Coaching in the Workplace"),
        ("8578-303", "Reflecting on Workplace Coaching Skills"),
        ("8578-306", "Undertaking an Extended Period of Mentoring in the Workplace"),
        ("8578-307", "Reflecting on Workplace Mentoring Skills"),
        ("D3.01", "Understanding good practice in workplace coaching"),
        ("D3.02", "Organising workplace coaching"),
        ("D3.03", "Undertaking supervised coaching in the workplace"),
        ("D3.04", "Undertaking an extended period of supervised coaching in the workplace")
    ]

    @Test func unitTitles() throws {
        #expect(Self.unitTitles.count == 18)
        #expect(catalog.units.count == Self.unitTitles.count)
        for (code, title) in Self.unitTitles { #expect(catalog.unitsByCode[UnitCode(code)]?.title == title, "\(code)") }
    }

    static let qualificationTitles: [(String, String)] = [
        ("8577-award-coaching", "ILM Level 3 Award in Coaching"),
        ("8577-certificate-coaching", "ILM Level 3 Certificate in Coaching"),
        ("8577-award-mentoring", "ILM Level 3 Award in Mentoring"),
        ("8577-certificate-mentoring", "ILM Level 3 Certificate in Mentoring"),
        ("8577-certificate-coaching-mentoring", "ILM Level 3 Certificate in Coaching and Mentoring"),
        ("8578-certificate-coaching-mentoring", "ILM Level 3 Certificate in Coaching and Mentoring"),
        ("d3-certificate-professional-workplace-coaches", "ILM Level 3 Certificate for Professional Workplace Coaches")
    ]

    @Test func qualificationTitles() throws {
        #expect(Self.qualificationTitles.count == 7)
        #expect(catalog.qualifications.count == Self.qualificationTitles.count)
        for (id, title) in Self.qualificationTitles { #expect(catalog.qualification(id)?.title == title, "\(id)") }
    }

    static let outcomes: [(String, Int, String)] = [
        ("D3.01", 1, "Describe the effective workplace coach’s role, responsibilities, characteristics and behaviours"),
        (
            "D3.01", 2,
            """
            Explain the importance of assessing learning styles, agreeing learning outcomes and overcoming \
            potential barriers to ensure that workplace coaching is effective
            """
        ),
        (
            "D3.01", 3,
            """
            Assess own ability to use a variety of interpersonal communication strategies and give effective \
            feedback to learners on their performance to coach them in the workplace
            """
        ),
        ("D3.02", 1, "Know how to identify resources to support safe and effective coaching in the workplace"),
        ("D3.02", 2, "Know how to monitor, assess and record learners’ progress towards their goals"),
        (
            "D3.02", 3,
            "Know how to use coaching records to identify areas for improvement in own workplace coaching practice"
        ),
        ("D3.03", 1, "Plan and organise workplace coaching sessions"),
        ("D3.03", 2, "Undertake coaching in the workplace"),
        ("D3.03", 3, "Monitor and review own workplace coaching performance"),
        ("D3.04", 1, "Use supervision to develop and improve own coaching practice"),
        ("D3.04", 2, "Plan, organise and undertake a workplace coaching programme"),
        ("D3.04", 3, "Assess the effectiveness of the coaching programme"),
        ("D3.04", 4, "Use supervision to plan own continuing development as a workplace coach")
    ]

    static let criteria: [(String, String, String)] = [
        ("D3.01", "1.1", "Describe the role, responsibilities and characteristics of the effective workplace coach"),
        (
            "D3.01", "1.2",
            """
            Describe the range of appropriate behaviours for a coach to use to demonstrate respect for learner’s \
            views and attitudes, promote equality of opportunity and avoid abusing their relationship with others
            """
        ),
        (
            "D3.01", "2.1",
            """
            Explain how appropriate assessment tools can be used to identify a person’s learning needs and \
            learning styles or preferences
            """
        ),
        (
            "D3.01", "2.2",
            "Explain the importance of agreeing appropriate learning outcomes for workplace coaching activities"
        ),
        (
            "D3.01", "2.3",
            """
            Explain how the agreed learning outcomes and a person’s learning styles or preferences should be used \
            to determine an appropriate coaching style
            """
        ),
        (
            "D3.01", "2.4",
            """
            Recognise any potential barriers to achieving the planned outcomes of coaching in the workplace and \
            explain suitable strategies to overcome these barriers
            """
        ),
        (
            "D3.01", "3.1",
            """
            Assess own ability to use a variety of interpersonal communication strategies and give effective \
            feedback to learners on their performance in order to coach them in the workplace
            """
        ),
        (
            "D3.02", "1.1",
            """
            Identify available learning resources, information, equipment, materials and facilities to support \
            safe and effective coaching in the workplace
            """
        ),
        ("D3.02", "1.2", "Identify other services readily available to support learners and workplace coaches"),
        (
            "D3.02", "2.1",
            "Explain how to monitor learners’ progress and assess their achievement of learning objectives"
        ),
        ("D3.02", "2.2", "Explain how to maintain records of coaching sessions"),
        (
            "D3.02", "3.1",
            """
            Explain how coaching records can be used to identify areas for improvement in own workplace coaching \
            practice
            """
        ),
        ("D3.03", "1.1", "Identify the learning needs and learning styles or preferences of those to be coached"),
        ("D3.03", "1.2", "Agree learning goals for the workplace coaching sessions"),
        ("D3.03", "1.3", "Plan and organise the coaching sessions"),
        ("D3.03", "2.1", "Coach learners in the workplace for at least six hours"),
        ("D3.03", "3.1", "Monitor learners’ progress and assess learning outcomes"),
        ("D3.03", "3.2", "Keep appropriate records of own workplace coaching activity"),
        (
            "D3.03", "3.3",
            "Review own workplace coaching performance with supervisor and identify areas for improvement"
        ),
        (
            "D3.04", "1.1",
            "Discuss and agree with coaching supervisor personal learning goals for developing coaching performance"
        ),
        (
            "D3.04", "1.2",
            """
            Agree, monitor, review and update a plan for at least 30 hours workplace coaching to achieve agreed \
            learning goals
            """
        ),
        (
            "D3.04", "2.1",
            """
            Agree with learners and other stakeholders the goals for the workplace coaching programme and the \
            benefits for individuals and the organisation
            """
        ),
        ("D3.04", "2.2", "Plan and organise the coaching sessions"),
        ("D3.04", "2.3", "Coach learners in the workplace for at least 30 hours"),
        ("D3.04", "2.4", "Monitor learners’ progress and assess learning outcomes"),
        ("D3.04", "2.5", "Keep appropriate records of own workplace coaching activity"),
        ("D3.04", "3.1", "Review learners’ performance with appropriate people"),
        (
            "D3.04", "3.2",
            """
            Seek feedback from learners and coaching supervisor on own performance and from learners and \
            stakeholders on the effectiveness of the coaching programme in delivering planned benefits
            """
        ),
        (
            "D3.04", "4.1",
            """
            Discuss extended period of at least 30 hours of workplace coaching practice with coaching supervisor \
            and reflect on own coaching performance
            """
        ),
        ("D3.04", "4.2", "Plan continuing personal development workplace in coaching practice and performance")
    ]

    /// All 43 texts of D3's learning outcomes (13) and assessment criteria (30), with their numbering.
    @Test func outcomeAndCriterionTextD3() throws {
        #expect(Self.outcomes.count == 13)
        #expect(Self.criteria.count == 30)
        for (code, n, text) in Self.outcomes {
            let lo = try #require(
                catalog.unitsByCode[UnitCode(code)]?.learningOutcomes.first { $0.number == n }, "\(code) \(n)")
            #expect(lo.text.split(separator: " ").joined(separator: " ") == text, "\(code) outcome \(n)")
        }
        let all = Self.criteria.map(\.0).reduce(into: [String: [String]]()) { $0[$1, default: []].append($1) }
        for code in all.keys {
            let got = catalog.unitsByCode[UnitCode(code)]!.learningOutcomes.flatMap { $0.criteria.map(\.number) }
            #expect(got == Self.criteria.filter { $0.0 == code }.map(\.1), "criterion numbering of \(code)")
        }
        for (code, number, text) in Self.criteria {
            let c = try #require(
                catalog.unitsByCode[UnitCode(code)]?.learningOutcomes.flatMap(\.criteria).first { $0.number == number },
                "\(code) \(number)")
            #expect(c.text.split(separator: " ").joined(separator: " ") == text, "\(code) \(number)")
        }
    }

    static let nos: [(String, String)] = [
        ("D3.01", "ENTO 2006 NOS (Coaching & Mentoring in a Work Environment): CM2, CM4"),
        ("D3.02", "ENTO 2006 NOS (Coaching & Mentoring in a Work Environment): CM2, CM4"),
        (
            "D3.03",
            "ENTO 2006 NOS (Coaching & Mentoring in a Work Environment): CM1,CM3, CM7, CM8, CM10, CM11, CM12, CM17"
        ),
        (
            "D3.04",
            """
            ENTO 2006 NOS (Coaching & Mentoring in a Work Environment): CM1,CM3, CM7, CM8, CM10, CM11, CM12, \
            CM13, CM16, CM17
            """
        )
    ]

    @Test func nationalOccupationalStandardsD3() {
        #expect(Self.nos.count == 4)
        for (code, text) in Self.nos {
            #expect(catalog.unitsByCode[UnitCode(code)]?.nationalOccupationalStandards == [text], "\(code)")
        }
    }

    /// Progression routes: 'q:' a qualification of the packs, 't:' one named by title.
    static let progression: [(String, [String])] = [
        (
            "8577-award-coaching",
            [
                "q:8577-certificate-coaching", "q:8577-certificate-coaching-mentoring",
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "8577-certificate-coaching",
            [
                "q:8577-certificate-coaching-mentoring",
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "8577-award-mentoring",
            [
                "q:8577-certificate-mentoring", "q:8577-certificate-coaching-mentoring",
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "8577-certificate-mentoring",
            [
                "q:8577-certificate-coaching-mentoring",
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "8577-certificate-coaching-mentoring",
            [
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "8578-certificate-coaching-mentoring",
            [
                "t:ILM Level 3 Certificate or Diploma in Leadership and Management",
                "t:ILM Level 5 Certificate or Diploma in Coaching and Mentoring"
            ]
        ),
        (
            "d3-certificate-professional-workplace-coaches",
            [
                "t:ILM Level 5 Certificate in Coaching and Mentoring in Management",
                "t:ILM Level 5 Diploma for Professional Coaches and Mentors"
            ]
        )
    ]

    @Test func progressionRoutes() throws {
        #expect(Self.progression.count == 7)
        for (id, links) in Self.progression {
            let q = try #require(catalog.qualification(id))
            let got = q.progression.map { p -> String in
                switch p {
                case .qualification(let target): "q:" + target.rawValue
                case .text(let t): "t:" + t
                }
            }
            #expect(got == links, "\(id)")
        }
    }

    @Test func levelD3() throws {
        #expect(try #require(catalog.qualification("d3-certificate-professional-workplace-coaches")).level == .level(3))
    }

    /// 004 Appendix B: each mark sheet's section titles and the criteria its bullets restate.
    @Test(
        "D3 mark sheet sections",
        arguments: [
            (
                "d3-work-based-assignment",
                [
                    "Ensuring good practice in coaching", "Identifying learning styles and barriers to learning",
                    "Support for coaching and recording outcomes", "Your strengths and weaknesses in coaching skills"
                ],
                [
                    ["D3.01/1.1", "D3.01/1.2"], ["D3.01/2.1", "D3.01/2.2", "D3.01/2.3", "D3.01/2.4"],
                    ["D3.02/1.1", "D3.02/1.2", "D3.02/2.1", "D3.02/2.2"], ["D3.01/3.1", "D3.02/3.1"]
                ]
            ),
            (
                "d3-coaching-diary",
                ["Planning and undertaking coaching sessions", "Reflections on the effectiveness of coaching activity"],
                [["D3.03/1.1", "D3.03/1.2", "D3.03/1.3", "D3.03/2.1", "D3.03/3.1", "D3.03/3.2"], ["D3.03/3.3"]]
            ),
            (
                "d3-reflective-log",
                ["Planning and undertaking coaching sessions", "Reflections on your development as a coach"],
                [
                    [
                        "D3.04/1.1", "D3.04/1.2", "D3.04/2.1", "D3.04/2.2", "D3.04/2.3", "D3.04/2.4", "D3.04/2.5",
                        "D3.04/3.1", "D3.04/3.2"
                    ],
                    ["D3.04/4.1", "D3.04/4.2"]
                ]
            )
        ])
    func markSheetSections(id: String, titles: [String], criteria: [[String]]) throws {
        let s = try #require(catalog.assessmentsByID[AssessmentID(id)]?.markSheet)
        #expect(s.sections.map(\.title) == titles)
        #expect(s.sections.map { $0.criteria.map(\.description) } == criteria)
    }

    /// Every criterion of D3 is marked by exactly one section of one mark sheet.
    @Test func everyD3CriterionIsMarkedOnce() {
        let marked = catalog.families.flatMap(\.assessments).compactMap(\.markSheet).flatMap(\.sections).flatMap(
            \.criteria
        ).map(\.description)
        #expect(marked.count == 30)
        #expect(Set(marked) == Set(Self.criteria.map { "\($0.0)/\($0.1)" }))
    }

    /// Unit purposes, as printed (004 for D3; the packs give none for units whose document states none).
    static let purposes: [(String, String)] = [
        ("D3.01", "To enable learners to understand good practice in workplace coaching."),
        ("D3.02", "To enable learners to understand how to organise workplace coaching."),
        ("D3.03", "To enable learners to demonstrate their ability to undertake workplace coaching."),
        (
            "D3.04",
            """
            To enable learners to develop and improve their performance as workplace coaches with the support of \
            a coaching supervisor.
            """
        )
    ]

    @Test func unitPurposes() {
        #expect(Self.purposes.count == 4)
        #expect(catalog.units.filter { $0.purpose != nil }.count == Self.purposes.count)
        for (code, text) in Self.purposes {
            #expect(
                catalog.unitsByCode[UnitCode(code)]?.purpose?.split(separator: " ").joined(separator: " ") == text,
                "\(code)")
        }
    }
}
