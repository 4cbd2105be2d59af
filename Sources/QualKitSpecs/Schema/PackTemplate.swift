/// The starter pack `qualkit init` writes: one of each construct (mandatory units, an optional group,
/// alternative routes, a practice-hour minimum, a mark sheet), commented, valid as it stands. Replace the
/// example facts with those of the source document.
public enum PackTemplate {
    /// File name → text, for a pack with id `id`.
    public static func files(id: String) -> [TextFile] {
        let modeline = { (file: String) in "# yaml-language-server: $schema=\(schemaBase)/\(file).schema.json\n" }
        let files: [(String, String)] = [
            (
                "pack.yaml",
                modeline("pack") + """
                    # What the pack is, and the documents every fact below comes from.
                    id: \(id)
                    family: "EX1"
                    awarding_organisation: Example Awarding Organisation
                    version: 0.1.0
                    sources:
                      - the qualification specification (name the document here)
                    notes:
                      - Say here where the documents disagree or leave a choice open, what was chosen and why.

                    """
            ),
            (
                "units.yaml",
                modeline("units") + """
                    # Every unit, as the document prints it. Credits: one per ten hours of learning time.
                    units:
                      - code: EX1-101
                        title: Principles of the subject
                        level: 5
                        credits: 6
                        glh: 24
                        learning_outcomes:
                          - number: 1
                            text: Understand the principles of the subject
                            criteria:
                              - number: "1.1"
                                text: Describe the principles of the subject
                              - number: "1.2"
                                text: Explain how the principles apply in the workplace
                      - code: EX1-102
                        title: Planning practice
                        level: 5
                        credits: 6
                        glh: 24
                        minimum_practice_hours: 10    # a listing with fewer supervised hours does not achieve it
                        learning_outcomes:
                          - number: 1
                            text: Understand how to plan practice
                            criteria:
                              - number: "1.1"
                                text: Explain the stages of planning
                      - code: EX1-103
                        title: Option A
                        level: 5
                        credits: 4
                        glh: 16
                      - code: EX1-104
                        title: Option B
                        level: 5
                        credits: 4
                        glh: 16
                      - code: EX1-105
                        title: Option C
                        level: 5
                        credits: 4
                        glh: 16

                    """
            ),
            (
                "qualifications.yaml",
                modeline("qualifications") + """
                    # Groups of units that rules name, and the qualifications.
                    groups:
                      - id: options
                        title: Optional units
                        units: [EX1-103, EX1-104, EX1-105]
                    qualifications:
                      - id: \(id)-certificate
                        title: Example Level 5 Certificate
                        level: 5
                        credit_value: 16                # the validator checks the rules allow no fewer credits
                        size: certificate               # award 1-12, certificate 13-36, diploma 37+
                        guided_learning_hours: 72       # units' GLH + induction + tutorial support
                        total_qualification_time: 160   # ten hours a credit
                        delivery:
                          induction_hours: 2
                          tutorial_hours: 6
                        validity:
                          operational_start: "2026-01-01"
                          registration_end: "2028-12-31"
                          certification_end: "2030-12-31"
                          completion_years: 2
                        rules:                          # all apply; a unit counts once
                          - mandatory: [EX1-101]
                          - any_of:                     # one route met in full
                              - route: practice
                                title: Planning practice
                                rules:
                                  - mandatory: [EX1-102]
                                  - min_units_from_group: { group: options, units: 1 }
                              - route: options
                                title: Three optional units
                                rules:
                                  - min_credits_from_group: { group: options, credits: 12 }
                        assessments: [\(id)-assignment]
                        assessment_note: Criterion assessment applies to the units no mark sheet covers.
                        progression:
                          - text: A Level 6 qualification in the subject
                        # When the awarding body revises the rules, add a version (uncomment the lines below). It
                        # states only what it changes; the rest is inherited from the version before it. Learners
                        # registered from registrations_from follow it; a record may choose it with
                        # {"kind": "version", "qualification": "\(id)-certificate", "version": "2", "reason": "…"}.
                        # version: "1"                          # this first version's label ("1" when absent)
                        # versions:
                        #   - version: "2"
                        #     registrations_from: "2029-01-01"  # version 1 then covers registrations before this day
                        #     validity:                         # version 1's registrations end the day before
                        #       operational_start: "2029-01-01"
                        #       registration_end: "2031-12-31"
                        #       certification_end: "2033-12-31"
                        #       completion_years: 2
                        #     rules:                            # Planning practice becomes mandatory
                        #       - mandatory: [EX1-101, EX1-102]
                        #       - min_units_from_group: { group: options, units: 1 }

                    """
            ),
            (
                "assessments.yaml",
                modeline("assessments") + """
                    # Marked assessments: a pass (every section at its minimum, the total at the pass mark)
                    # achieves the units the assessment covers.
                    assessments:
                      - id: \(id)-assignment
                        title: Work-based assignment
                        covers: [EX1-101]
                        task: Describe the principles of the subject as they apply in your workplace.
                        mark_sheet:
                          pass_mark: 50
                          sections:
                            - title: Principles
                              maximum: 50
                              minimum: 25
                              criteria: [EX1-101/1.1]   # the unit criteria this section marks
                            - title: Application
                              maximum: 50
                              minimum: 25
                              criteria: [EX1-101/1.2]

                    """
            )
        ]
        return files.map { TextFile(name: $0.0, text: $0.1) }
    }

    /// Where the starter pack's modelines point: the schema files `qualkit schema` writes beside the
    /// pack directory (`../schema`).
    public static let schemaBase = "../schema"
}
