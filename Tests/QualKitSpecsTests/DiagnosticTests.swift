import Foundation
import Testing
@testable import QualKitSpecs

/// Broken packs: each diagnostic lands on the line marked `# expect: ID` in the fixture text, and no
/// other error appears.
@Suite("Pack diagnostics")
struct DiagnosticTests {
    static let manifest = """
        id: demo
        family: DEMO
        awarding_organisation: Demo AO
        version: 1.0.0
        """
    static let units = """
        units:
          - code: U1
            title: First unit
            level: 3
            credits: 3
            glh: 9
          - code: U2
            title: Second unit
            level: 3
            credits: 4
            glh: 6
            minimum_practice_hours: 6
          - code: U3
            title: Third unit
            level: 3
            credits: 3
            glh: 6
        """
    static let qualifications = """
        groups:
          - id: g1
            title: Group 1
            units: [U2, U3]
        qualifications:
          - id: demo-award
            title: Demo Level 3 Award
            level: 3
            credit_value: 10
            size: award
            guided_learning_hours: 24
            delivery:
              induction_hours: 1
              tutorial_hours: 2
            validity:
              operational_start: "2012-09-01"
              registration_end: "2015-08-31"
              certification_end: "2018-08-31"
              completion_years: 3
            rules:
              - mandatory: [U1]
              - min_credits_from_group: { group: g1, credits: 7 }
            assessments: [a1]
        """
    static let assessments = """
        assessments:
          - id: a1
            title: Assignment
            covers: [U1]
            mark_sheet:
              pass_mark: 10
              sections:
                - title: Part A
                  maximum: 10
                  minimum: 5
                - title: Part B
                  maximum: 10
                  minimum: 5
        """

    static func load(_ edit: (inout [String: String]) -> Void) -> ([Diagnostic], [String: String]) {
        var files = [
            "pack.yaml": manifest, "units.yaml": units, "qualifications.yaml": qualifications,
            "assessments.yaml": assessments
        ]
        edit(&files)
        return (
            PackLoader.load(PackSource(origin: "demo", files: files, displayPrefix: "Specs/demo")).diagnostics, files
        )
    }

    /// `(file, line, id)` for every `# expect: ID` marker.
    static func expectations(_ files: [String: String]) -> Set<String> {
        var out: Set<String> = []
        for (name, text) in files {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let r = line.range(of: "# expect: ") else { continue }
                for id in line[r.upperBound...].split(separator: " ") {
                    out.insert("Specs/demo/\(name):\(i + 1) \(id)")
                }
            }
        }
        return out
    }

    static func check(
        _ edit: (inout [String: String]) -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let (diags, files) = load(edit)
        let got = Set(
            diags.filter { $0.severity == .error }.map { "\($0.location!.file):\($0.location!.line) \($0.id)" })
        let want = expectations(files)
        #expect(!want.isEmpty, "the fixture has no '# expect:' marker", sourceLocation: sourceLocation)
        #expect(got == want, "\n\(diags.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
        for d in diags { #expect(d.location!.column >= 1, sourceLocation: sourceLocation) }
    }

    static func replace(_ files: inout [String: String], _ file: String, _ old: String, _ new: String) {
        precondition(files[file]!.contains(old), "fixture edit not found: \(old)")
        files[file] = files[file]!.replacingOccurrences(of: old, with: new)
    }

    @Test func theBasePackIsClean() {
        let (diags, _) = Self.load { _ in }
        #expect(diags.isEmpty, "\(diags.map(\.description))")
    }

    @Test func yamlSyntaxError() {
        Self.check { (f: inout [String: String]) in
            Self.replace(&f, "units.yaml", "    credits: 4\n", "    credits: 4\n   glh: [6 # expect: yaml-syntax\n")
        }
    }

    /// A key without its colon, or an unclosed bracket: at the line of the mistake, though libyaml notices
    /// it on the next line; and a broken units.yaml does not also make the qualifications "have no rules".
    @Test func yamlMistakesAreReportedOnTheirOwnLine() throws {
        Self.check {
            Self.replace(&$0, "units.yaml", "    title: Second unit\n", "    title Second unit # expect: yaml-syntax\n")
        }
        Self.check { Self.replace(&$0, "units.yaml", "    credits: 4\n", "    credits: [4 # expect: yaml-syntax\n") }
        let (diags, _) = Self.load {
            Self.replace(&$0, "units.yaml", "    title: Second unit\n", "    title Second unit\n")
        }
        #expect(diags.map(\.id) == [.yamlSyntax], "\(diags.map(\.description))")
        #expect(
            diags.first?.message.hasPrefix(
                "YAML syntax error: this key has no ':' after it (could not find expected ':', noticed at line") == true
        )
    }

    /// A mark-sheet section's criteria must be criteria of units the assessment covers.
    @Test func markSheetCriteriaMustExistInACoveredUnit() throws {
        Self.check { f in
            Self.replace(
                &f, "assessments.yaml", "          minimum: 5\n        - title: Part B",
                """
                          minimum: 5\n          criteria: [U3/1.1, U2/1.1] # expect: unknown-unit\n        - \
                title: Part B
                """
            )
        }
        let (diags, _) = Self.load { f in
            Self.replace(
                &f, "assessments.yaml", "          minimum: 5\n        - title: Part B",
                "          minimum: 5\n          criteria: [U1/9.9, U1]\n        - title: Part B")
        }
        #expect(
            diags.map(\.message).contains(
                "unit U1 has no assessment criterion 9.9; give the unit its learning outcomes in units.yaml"),
            "\(diags)")
        #expect(
            diags.map(\.message).contains(
                "'U1' in 'criteria' of section 'Part A' of assessment a1 is not UNIT/NUMBER; write it like D3.01/1.1"),
            "\(diags)")
    }

    /// Equivalent units must exist and have the same level and credits; each sits in one class.
    @Test func equivalentUnitsAreChecked() throws {
        func diags(_ line: String) -> [String] {
            Self.load { Self.replace(&$0, "units.yaml", "units:\n  - code: U1", line + "\nunits:\n  - code: U1") }.0
                .map(\.description)
        }
        #expect(
            diags("equivalent_units: [[U1, U2]]") == [
                """
                Specs/demo/units.yaml:1:25: error: [equivalence-mismatch] unit U2 (Level 3, 4 credits) cannot be \
                equivalent to U1 (Level 3, 3 credits): equivalent units have the same level and credit value
                """
            ])
        #expect(
            diags("equivalent_units: [[U1, U9]]") == [
                """
                Specs/demo/units.yaml:1:25: error: [unknown-unit] 'equivalent_units' names unit 'U9', which \
                neither this pack nor a pack loaded before it defines; did you mean 'U1'?
                """
            ])
        #expect(
            diags("equivalent_units: [[U1, U3], [U3, U1]]").first?.contains(
                "error: [duplicate-id] unit 'U3' is already in another class") == true)
        #expect(diags("equivalent_units: [[U1]]").first?.contains("needs at least two units") == true)
        // A class counts once: U1 (mandatory) and U3 (needed for the group's 7 credits) cannot both count,
        // and the validator names the clash, with the class as one of its rules.
        #expect(
            diags("equivalent_units: [[U1, U3]]") == [
                """
                Specs/demo/qualifications.yaml:21:9: error: [unsatisfiable-rules] qualification demo-award can \
                never be achieved: no set of its units meets these 3 rules together, though without any one of \
                them the rest can be met: line 21 (This mandatory unit (3 credits):   - U1 First unit (3 \
                credits)); line 22 (At least 7 credits from Group 1 (U2, U3)); units.yaml line 1 (U1 and U3 are \
                equivalent units, and a class of equivalent units counts once); relax one of them\n    note: \
                Specs/demo/qualifications.yaml:21:9: this rule is one of those that clash: This mandatory unit (3 \
                credits):   - U1 First unit (3 credits)\n    note: Specs/demo/qualifications.yaml:22:9: this rule \
                is one of those that clash: At least 7 credits from Group 1 (U2, U3)\n    note: \
                Specs/demo/units.yaml:1:20: this rule is one of those that clash: U1 and U3 are equivalent units, \
                and a class of equivalent units counts once
                """
            ])
        // A class may be of any size (it counts once, as one of its members): 65 units pass.
        let extra = (4...68).map { "  - code: X\($0)\n    title: Extra\n    level: 3\n    credits: 3\n    glh: 6\n" }
            .joined()
        let big =
            "equivalent_units:\n  - [" + (4...68).map { "X\($0)" }.joined(separator: ", ") + "]\nunits:\n  - code: U1"
        let (d, files) = Self.load { f in
            f["units.yaml"] =
                f["units.yaml"]!.replacingOccurrences(of: "units:\n  - code: U1", with: big) + "\n" + extra
        }
        #expect(!d.contains { $0.severity == .error }, "\(d.map(\.description))")
        let pack = try #require(
            PackLoader.load(PackSource(origin: "demo", files: files, displayPrefix: "Specs/demo")).pack)
        #expect(pack.family.equivalentUnits.map(\.count) == [65])
    }

    /// The wording and place of the diagnostics an author meets most, pinned whole.
    @Test(arguments: [
        (
            "credit total", "qualifications.yaml", "    credit_value: 10", "    credit_value: 11",
            """
            Specs/demo/qualifications.yaml:9:19: error: [credit-value-mismatch] qualification demo-award states a \
            credit value of 11, but the least its rules of combination allow is 10 credits (e.g. U1, U2, U3); fix \
            'credit_value' or the rules
            """
        ),
        (
            "unknown unit in a rule", "qualifications.yaml", "      - mandatory: [U1]", "      - mandatory: [U4]",
            """
            Specs/demo/qualifications.yaml:21:21: error: [unknown-unit] qualification demo-award names unit 'U4' \
            in 'mandatory', which this pack does not define; did you mean 'U1'?
            """
        ),
        (
            "misspelt key", "units.yaml", "    glh: 9", "    ghl: 9",
            "Specs/demo/units.yaml:6:5: error: [unknown-key] unknown key 'ghl' in a unit; did you mean 'glh'?"
        ),
        (
            "duplicate unit code", "units.yaml", "  - code: U3", "  - code: U2",
            """
            Specs/demo/units.yaml:13:11: error: [duplicate-id] unit code 'U2' is defined twice (first at \
            Specs/demo/units.yaml:7:11); each unit has a code of its own: give this unit the code its document \
            prints, or remove it if it repeats the first
            """
        )
    ])
    func pinnedDiagnostic(name: String, file: String, old: String, new: String, expected: String) throws {
        let (diags, _) = Self.load { Self.replace(&$0, file, old, new) }
        #expect(diags.first?.description == expected, "\(name):\n\(diags.map(\.description).joined(separator: "\n"))")
        if name == "misspelt key" { #expect(diags.count == 1, "the missing 'glh' is what the suggestion already says") }
    }

    /// Every diagnostic of one mistake (or of several in one file), pinned whole and in order: what #25's
    /// author met, each with where it is and what to do.
    @Test(arguments: [
        (
            "every mistake of a file in one run: a tab, a repeated key, a day that does not exist",
            [
                ("qualifications.yaml", "    level: 3\n", "\tlevel: 3\n"),
                ("qualifications.yaml", "    size: award\n", "    size: award\n    size: award\n"),
                ("qualifications.yaml", "registration_end: \"2015-08-31\"", "registration_end: \"2029-02-30\"")
            ],
            [
                """
                Specs/demo/qualifications.yaml:8:1: error: [yaml-syntax] a tab in the indentation; YAML indents \
                with spaces only: indent this line with 4 spaces (as line 7 is)
                """,
                """
                Specs/demo/qualifications.yaml:11:5: error: [duplicate-key] duplicate key 'size' (first at line \
                10, again at line 11); a key may appear once in a mapping: remove or rename the repeat
                """,
                """
                Specs/demo/qualifications.yaml:18:25: error: [invalid-value] 'registration_end' of qualification \
                demo-award: '2029-02-30' is not a date: the day is 30, but February 2029 has 28 days; expected 01 \
                to 28
                """
            ]
        ),
        (
            "a day that does not exist",
            [("qualifications.yaml", "registration_end: \"2015-08-31\"", "registration_end: \"2029-02-30\"")],
            [
                """
                Specs/demo/qualifications.yaml:17:25: error: [invalid-value] 'registration_end' of qualification \
                demo-award: '2029-02-30' is not a date: the day is 30, but February 2029 has 28 days; expected 01 \
                to 28
                """
            ]
        ),
        (
            "a key indented deeper than the one above", [("qualifications.yaml", "    level: 3\n", "      level: 3\n")],
            [
                """
                Specs/demo/qualifications.yaml:8:7: error: [yaml-syntax] 'level' is indented deeper than 'title' \
                on line 7, so YAML reads this line as more of that value, where a key cannot start; line it up \
                with 'title' (column 5)
                """
            ]
        ),
        (
            "a key that fits no block above it", [("qualifications.yaml", "    level: 3\n", "   level: 3\n")],
            [
                """
                Specs/demo/qualifications.yaml:8:4: error: [yaml-syntax] this line starts at column 4, which fits \
                none of the blocks above it: the items of the list that starts at line 6 start at column 3 ('- \
                '), and their keys at column 5; indent it to column 5 to add it to the item above, or start a new \
                item with '- ' at column 3
                """
            ]
        ),
        (
            "a list item out of line with the next (noticed a line late by the parser)",
            [("qualifications.yaml", "      - mandatory: [U1]", "    - mandatory: [U1]")],
            [
                """
                Specs/demo/qualifications.yaml:21:5: error: [yaml-syntax] this item of the list under 'rules' \
                (line 20) starts at column 5, but the next item (line 22) starts at column 7; items of one list \
                start at the same column: indent this one to column 7
                """
            ]
        ),
        (
            "a list item's key out of line with the next line",
            [("assessments.yaml", "        - title: Part A", "        -  title: Part A")],
            [
                """
                Specs/demo/assessments.yaml:8:12: error: [yaml-syntax] the key 'title' starts at column 12, but \
                the next line's 'maximum' (line 9) starts at column 11, one space after '- ': put one space after \
                '-' so that the keys of this item line up
                """
            ]
        ),
        (
            "a key of a nested mapping written at its parent's indentation",
            [("qualifications.yaml", "      tutorial_hours: 2", "    tutorial_hours: 2")],
            [
                """
                Specs/demo/qualifications.yaml:14:5: error: [unknown-key] unknown key 'tutorial_hours' in a \
                qualification; 'tutorial_hours' is a key of 'delivery': indent it under 'delivery:', deeper than \
                'delivery'
                """
            ]
        ),
        (
            "a route's rule out-dented into a new route: no \"add 'route: …'\"",
            [
                (
                    "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }",
                    """
                          - any_of:\n          - route: r1\n            rules:\n          - \
                    min_credits_from_group: { group: g1, credits: 7 }
                    """
                )
            ],
            [
                """
                Specs/demo/qualifications.yaml:24:19: error: [wrong-type] 'rules' of route r1 must be a list, but \
                nothing follows it; write its items on the lines below, each starting with '- ' and indented \
                deeper than the key
                """,
                """
                Specs/demo/qualifications.yaml:25:13: error: [unknown-key] unknown key 'min_credits_from_group' \
                in a route of qualification demo-award; 'min_credits_from_group' is a rule, so it belongs in a \
                'rules' list: indent it under the 'rules:' above, as an item of that list
                """
            ]
        ),
        (
            "a section minimum above its maximum",
            [
                (
                    "assessments.yaml", "          minimum: 5\n        - title: Part B",
                    "          minimum: 12\n        - title: Part B"
                )
            ],
            [
                """
                Specs/demo/assessments.yaml:10:20: error: [mark-sheet-inconsistent] section 1 ('Part A') of \
                assessment a1 has minimum 12 above its maximum 10; no submission could pass it: copy both from \
                the mark sheet (the minimum is at most the maximum)
                """,
                """
                Specs/demo/assessments.yaml:6:18: warning: [mark-sheet-inconsistent] assessment a1 has pass mark \
                10, below the 17 that the section minima already require, so the pass mark never decides; check \
                'pass_mark' and each section's 'minimum' against the mark sheet
                """
            ]
        ),
        (
            "a pass mark above the marks the sections allow",
            [("assessments.yaml", "      pass_mark: 10", "      pass_mark: 30")],
            [
                """
                Specs/demo/assessments.yaml:6:18: error: [mark-sheet-inconsistent] assessment a1 has pass mark \
                30, above the 20 marks its sections allow, so no submission could pass; check 'pass_mark' and \
                each section's 'maximum' against the mark sheet
                """
            ]
        ),
        (
            "a pass mark below the section minima", [("assessments.yaml", "      pass_mark: 10", "      pass_mark: 8")],
            [
                """
                Specs/demo/assessments.yaml:6:18: warning: [mark-sheet-inconsistent] assessment a1 has pass mark \
                8, below the 10 that the section minima already require, so the pass mark never decides; check \
                'pass_mark' and each section's 'minimum' against the mark sheet
                """
            ]
        ),
        (
            "a unit no qualification uses",
            [
                (
                    "units.yaml", "    glh: 6\n    minimum_practice_hours: 6\n",
                    """
                        glh: 6\n    minimum_practice_hours: 6\n  - code: U4\n    title: Fourth unit\n    level: \
                    3\n    credits: 3\n    glh: 6\n
                    """
                )
            ],
            [
                """
                Specs/demo/units.yaml:13:11: warning: [unused-unit] unit U4 is not used by any qualification, \
                group or assessment of the pack; name it in a rule of combination (or a group a rule names) of \
                the qualification its document lists it for, or remove it
                """
            ]
        ),
        (
            "a duplicate unit code, and no \"did you mean\" the repeated code where the other code was meant",
            [("units.yaml", "  - code: U3", "  - code: U2")],
            [
                """
                Specs/demo/units.yaml:13:11: error: [duplicate-id] unit code 'U2' is defined twice (first at \
                Specs/demo/units.yaml:7:11); each unit has a code of its own: give this unit the code its \
                document prints, or remove it if it repeats the first
                """,
                """
                Specs/demo/qualifications.yaml:4:17: error: [unknown-unit] group g1 lists unit 'U3', which this \
                pack does not define; unit code 'U2' is defined twice (again at Specs/demo/units.yaml:13:11): if \
                that unit is meant to be 'U3', fix its code there, else define 'U3' in units.yaml
                """
            ]
        ),
        (
            "a unit named in two mandatory lists",
            [
                (
                    "qualifications.yaml", "      - mandatory: [U1]\n",
                    "      - mandatory: [U1]\n      - all_of:\n          - mandatory: [U1]\n"
                )
            ],
            [
                """
                Specs/demo/qualifications.yaml:23:13: warning: [repeated-unit] qualification demo-award names \
                unit U1 in more than one 'mandatory' list; a unit counts once, so the repeat changes nothing: \
                remove it from this list
                """
            ]
        )
    ])
    func pinnedDiagnostics(name: String, edits: [(String, String, String)], expected: [String]) {
        let (diags, _) = Self.load { f in for (file, old, new) in edits { Self.replace(&f, file, old, new) } }
        #expect(diags.map(\.description) == expected, "\(name):\n\(diags.map(\.description).joined(separator: "\n"))")
    }

    /// `describe` lists a unit named in two mandatory lists once.
    @Test func describeListsARepeatedMandatoryUnitOnce() throws {
        let (_, files) = Self.load {
            Self.replace(
                &$0, "qualifications.yaml", "      - mandatory: [U1]\n",
                "      - mandatory: [U1]\n      - mandatory: [U1]\n")
        }
        let pack = try #require(PackLoader.load(PackSource(origin: "demo", files: files)).pack)
        let q = try #require(pack.family.qualifications.first)
        let lines = PlainEnglish.describe(
            q, units: Dictionary(uniqueKeysWithValues: pack.family.units.map { ($0.code, $0) }))
        #expect(lines.filter { $0.contains("U1 First unit") }.count == 1, "\(lines.joined(separator: "\n"))")
    }

    /// Codes and ids that a CSV list or a diagnostic could not carry are rejected where they are defined.
    @Test func codesUseLettersDigitsAndFewMarks() throws {
        Self.check { f in
            Self.replace(&f, "units.yaml", "  - code: U3\n", "  - code: \"U;3\" # expect: invalid-value\n")
            // U3 is now 'U;3'
            Self.replace(&f, "qualifications.yaml", "    units: [U2, U3]", "    units: [U2, U3] # expect: unknown-unit")
        }
        let (diags, _) = Self.load { Self.replace(&$0, "units.yaml", "  - code: U3\n", "  - code: \"U 3\"\n") }
        #expect(
            diags.first?.message
                == "unit 'code' 'U 3' contains a space; ids and codes use letters, digits, '.', '-', '_' and '/'",
            "\(diags)")
    }

    /// Messages that used to mislead: an empty example, a pack conflict that named one pack three times.
    @Test func messagesSayWhatIsMeant() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        do {
            _ = try PackRegistry.bundled().adding(directory: repo.appendingPathComponent("Specs/8577").path)
            Issue.record("loading 8577 twice was accepted")
        } catch {
            #expect(
                error.diagnostics.contains {
                    $0.message
                        == """
                        a pack with id 'ilm-8577' is already loaded; packs are never merged: give the new pack \
                        another id, or load only one of them
                        """
                },
                "\(error.diagnostics)")
        }
        // A qualification whose rules need no unit at all (a route with only a credit total met by no unit
        // is impossible; min_units 0 is met by none): no "(e.g. )".
        let (diags, _) = Self.load {
            Self.replace(
                &$0, "qualifications.yaml",
                "      - mandatory: [U1]\n      - min_credits_from_group: { group: g1, credits: 7 }\n",
                "      - min_units_from_group: { group: g1, units: 0 }\n")
        }
        let d = try #require(diags.first { $0.id == .creditValueMismatch }, "\(diags)")
        #expect(
            d.message
                == """
                qualification demo-award states a credit value of 10, but the least its rules of combination \
                allow is 0 credits; fix 'credit_value' or the rules
                """
        )
    }

    @Test func unknownKeySuggestsTheClosest() throws {
        // One diagnostic: the suggestion says what the missing 'title' would say.
        Self.check {
            Self.replace(
                &$0, "units.yaml", "  - code: U3\n    title: Third unit",
                "  - code: U3\n    titel: Third unit # expect: unknown-key")
        }
        let (diags, _) = Self.load { Self.replace(&$0, "units.yaml", "    title: Third unit", "    titel: Third unit") }
        #expect(diags.contains { $0.message.contains("did you mean 'title'?") })
        #expect(!diags.contains { $0.id == .missingField })
        // A required key missing with no near miss among the keys is still reported.
        Self.check {
            Self.replace(
                &$0, "units.yaml", "  - code: U3\n    title: Third unit",
                "  - code: U3 # expect: missing-field\n    colour: Third unit # expect: unknown-key")
        }
    }

    @Test func unknownRuleKind() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "      - mandatory: [U1]",
                "      - mandatory_units: [U1] # expect: unknown-key")
        }
    }

    @Test func wrongType() {
        Self.check { Self.replace(&$0, "units.yaml", "    credits: 4", "    credits: four # expect: wrong-type") }
    }

    @Test func floatWhereWholeNumberExpected() {
        Self.check { Self.replace(&$0, "units.yaml", "    credits: 4", "    credits: 4.5 # expect: wrong-type") }
    }

    @Test func missingField() {
        Self.check {
            Self.replace(
                &$0, "units.yaml", "  - code: U3\n    title: Third unit\n    level: 3\n    credits: 3\n    glh: 6",
                "  - code: U3 # expect: missing-field\n    title: Third unit\n    level: 3\n    credits: 3")
        }
    }

    @Test func duplicateUnitCode() {
        Self.check { (f: inout [String: String]) in
            Self.replace(&f, "units.yaml", "  - code: U3", "  - code: U2 # expect: duplicate-id")
            Self.replace(&f, "qualifications.yaml", "    units: [U2, U3]", "    units: [U2, U3] # expect: unknown-unit")
        }
    }

    @Test func duplicateMappingKey() {
        Self.check {
            Self.replace(&$0, "units.yaml", "    glh: 9\n", "    glh: 9\n    glh: 10 # expect: duplicate-key\n")
        }
    }

    @Test func unknownUnitReference() throws {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "      - mandatory: [U1]", "      - mandatory: [U9] # expect: unknown-unit")
        }
    }

    @Test func unknownGroupReference() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "{ group: g1, credits: 7 }",
                "{ group: g2, credits: 7 } # expect: unknown-group")
        }
    }

    @Test func unknownAssessmentReference() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    assessments: [a1]",
                "    assessments: [a2] # expect: unknown-assessment")
        }
    }

    @Test func creditValueTheRulesCannotProduce() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    credit_value: 10",
                "    credit_value: 11 # expect: credit-value-mismatch")
        }
    }

    @Test func mandatoryCreditsExceedTheCreditValue() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    credit_value: 10",
                "    credit_value: 2 # expect: mandatory-exceeds-credit-value")
        }
    }

    /// A group rule asking for more than its group holds: at that rule's amount, not at the rules list.
    @Test func unsatisfiableGroupRuleIsReportedAtTheRule() throws {
        Self.check { (f: inout [String: String]) in
            Self.replace(&f, "qualifications.yaml", "credits: 7 }", "credits: 20 } # expect: unsatisfiable-rules")
        }
        let (diags, _) = Self.load { Self.replace(&$0, "qualifications.yaml", "credits: 7 }", "credits: 20 }") }
        let d = try #require(diags.first { $0.id == .unsatisfiableRules })
        #expect(
            d.description
                == """
                Specs/demo/qualifications.yaml:22:55: error: [unsatisfiable-rules] qualification demo-award asks \
                for 20 credits from group g1, which holds only 7; lower the requirement or add units to the group
                """
        )
    }

    /// A barred pair whose units are both mandatory: at the bar, naming the mandatory rule's line.
    @Test func barredPairThatIsMandatoryNamesBothRules() throws {
        let edit: (inout [String: String]) -> Void = { f in
            Self.replace(
                &f, "qualifications.yaml", "      - mandatory: [U1]\n",
                "      - mandatory: [U1, U3]\n      - barred: [U1, U3] # expect: unsatisfiable-rules\n")
            Self.replace(
                &f, "qualifications.yaml", "min_credits_from_group: { group: g1, credits: 7 }",
                "min_units_from_group: { group: g1, units: 1 }")
        }
        Self.check(edit)
        let d = try #require(Self.load(edit).0.first { $0.id == .unsatisfiableRules })
        #expect(
            d.message
                == """
                qualification demo-award can never be achieved: the barred combination at line 22 allows only one \
                of U1, U3, but the mandatory rule at line 21 makes them all mandatory; remove one of the clashing \
                rules
                """
        )
        // A clash that is not the only trouble: U3 is mandatory, so it cannot also count towards g1's 7
        // credits; the clash is named and the general error follows.
        let (both, _) = Self.load { f in
            Self.replace(
                &f, "qualifications.yaml", "      - mandatory: [U1]\n",
                "      - mandatory: [U1, U3]\n      - barred: [U1, U3]\n")
        }
        #expect(
            both.filter { $0.id == .unsatisfiableRules }.map(\.message).map {
                $0.hasSuffix("and see the next error") || $0.contains("no set of its units meets")
            } == [true, true], "\(both)")
    }

    /// Rules that each can be met, but not together (a level cap under a group minimum): the error names a
    /// minimal set of them, at the first, with a note at each; the mandatory rule, which is not needed for
    /// the clash, is not named.
    @Test func rulesThatCannotBeMetTogetherAreNamed() throws {
        let edit: (inout [String: String]) -> Void = { f in
            Self.replace(
                &f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n",
                """
                      - min_credits_from_group: { group: g1, credits: 7 } # expect: unsatisfiable-rules\n      - \
                max_credits_at_level: { level: 3, credits: 6 }\n
                """
            )
        }
        Self.check(edit)
        let d = try #require(Self.load(edit).0.first { $0.id == .unsatisfiableRules })
        #expect(d.location?.line == 22)
        #expect(
            d.message.hasPrefix(
                """
                qualification demo-award can never be achieved: no set of its units meets these 2 rules together, \
                though without any one of them the rest can be met: line 22 (
                """
            ))
        #expect(d.message.contains("; line 23 (") && d.message.hasSuffix("; relax one of them"), "\(d.message)")
        #expect(
            d.notes.count == 2 && d.notes[0].hasPrefix("Specs/demo/qualifications.yaml:22:")
                && d.notes[1].hasPrefix("Specs/demo/qualifications.yaml:23:"), "\(d.notes)")
        #expect(!d.message.contains("line 21"))
    }

    /// A cap below the mandatory units' credits in its group: at the cap, naming the mandatory rule.
    @Test func capBelowMandatoryCreditsNamesBothRules() {
        Self.check { (f: inout [String: String]) in
            Self.replace(
                &f, "qualifications.yaml", "      - mandatory: [U1]\n",
                """
                      - mandatory: [U1, U2, U3]\n      - max_credits_from_group: { group: g1, credits: 5 } # \
                expect: unsatisfiable-rules\n
                """
            )
            Self.replace(&f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n", "")
        }
    }

    @Test func sizeBandContradictsCredits() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    size: award", "    size: certificate # expect: size-band-mismatch")
        }
    }

    /// The title check compares the title with what the credit value makes the qualification, not with the
    /// declared size: a declared 'award' of 21 credits titled "Certificate" (which 21 credits make it) gets
    /// the error about the declared size, not also a warning about the title.
    @Test func sizeBandTitleCheckUsesTheCreditValue() {
        let (diags, _) = Self.load { f in
            Self.replace(&f, "qualifications.yaml", "credit_value: 10", "credit_value: 21")
            Self.replace(&f, "qualifications.yaml", "title: Demo Level 3 Award", "title: Demo Level 3 Certificate")
        }
        let bands = diags.filter { $0.id == .sizeBandMismatch }
        #expect(bands.map(\.severity) == [.error], "\(bands.map(\.description))")
    }

    /// A directory that is not there: one diagnostic, not one more for every file it lacks.
    @Test func missingDirectoryIsOneDiagnostic() {
        let r = PackLoader.load(directory: "/nonexistent/qualkit-pack")
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.id == .missingFile)
    }

    @Test func glhDoNotAddUp() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    guided_learning_hours: 24",
                "    guided_learning_hours: 36 # expect: glh-total-mismatch")
        }
    }

    @Test func tqtBelowGLH() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "    guided_learning_hours: 24\n",
                "    guided_learning_hours: 24\n    total_qualification_time: 20 # expect: tqt-mismatch\n")
        }
    }

    @Test func aDayThatDoesNotExistSaysWhichFieldIsOutOfRange() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "      operational_start: \"2012-09-01\"",
                "      operational_start: \"2012-02-30\" # expect: invalid-value")
        }
        let (diags, _) = Self.load {
            Self.replace(
                &$0, "qualifications.yaml", "      operational_start: \"2012-09-01\"",
                "      operational_start: \"2012-02-30\"")
        }
        #expect(
            diags.first?.message.hasSuffix(
                "'2012-02-30' is not a date: the day is 30, but February 2012 has 29 "
                    + "days; expected 01 to 29") == true, "\(diags)")
    }

    @Test func datesOutOfOrder() {
        Self.check {
            Self.replace(
                &$0, "qualifications.yaml", "      registration_end: \"2015-08-31\"",
                "      registration_end: \"2011-08-31\" # expect: dates-out-of-order")
        }
    }

    @Test func markSheetMinimumAboveMaximum() {
        Self.check {
            Self.replace(
                &$0, "assessments.yaml", "          minimum: 5\n        - title: Part B",
                "          minimum: 12 # expect: mark-sheet-inconsistent\n        - title: Part B")
        }
    }

    @Test func passMarkAboveTheMaximumTotal() {
        Self.check {
            Self.replace(
                &$0, "assessments.yaml", "      pass_mark: 10", "      pass_mark: 30 # expect: mark-sheet-inconsistent")
        }
    }

    @Test func missingPackFile() {
        let (diags, _) = Self.load { $0["units.yaml"] = nil }
        #expect(diags.contains { $0.id == .missingFile && $0.location?.file == "Specs/demo/units.yaml" })
    }

    @Test func redefiningAnotherPacksUnitIsRejected() throws {
        let first = PackLoader.load(
            PackSource(
                origin: "a",
                files: [
                    "pack.yaml": Self.manifest, "units.yaml": Self.units,
                    "qualifications.yaml": Self.qualifications, "assessments.yaml": Self.assessments
                ]))
        let catalog = try QualificationCatalog([try #require(first.pack).family])
        let manifest2 = Self.manifest.replacingOccurrences(of: "id: demo", with: "id: demo2")
        let second = PackLoader.load(
            PackSource(
                origin: "b",
                files: [
                    "pack.yaml": manifest2, "units.yaml": Self.units,
                    "qualifications.yaml": Self.qualifications, "assessments.yaml": Self.assessments
                ]),
            context: catalog)
        #expect(second.pack == nil)
        // 3 units, 1 qualification, 1 assessment
        #expect(second.diagnostics.filter { $0.id == .packConflict }.count >= 4)
    }

    @Test func diagnosticsPrintLikeACompiler() {
        let d = Diagnostic(
            .unknownUnit, .error, "bad",
            at: QualKitSpecs.SourceLocation(file: "Specs/D3/units.yaml", line: 12, column: 5))
        #expect(d.description == "Specs/D3/units.yaml:12:5: error: [unknown-unit] bad")
    }
}

/// `max_credits_at_level` as a pack writes it: read, checked and clashing with mandatory units.
@Suite("Pack rule max_credits_at_level")
struct MaxCreditsAtLevelPackTests {
    @Test func readFromAPack() throws {
        let (diags, _) = DiagnosticTests.load { f in
            DiagnosticTests.replace(
                &f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n",
                "      - min_credits_from_group: { group: g1, credits: 7 }\n"
                    + "      - max_credits_at_level: { level: 3, credits: 10 }\n")
        }
        #expect(diags.isEmpty, "\(diags.map(\.description))")
    }

    @Test func badArgumentsAreLocated() {
        DiagnosticTests.check { f in
            DiagnosticTests.replace(
                &f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n",
                "      - min_credits_from_group: { group: g1, credits: 7 }\n"
                    + "      - max_credits_at_level: { level: 9, credits: 10 } # expect: invalid-value\n")
        }
        DiagnosticTests.check { f in
            DiagnosticTests.replace(
                &f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n",
                "      - min_credits_from_group: { group: g1, credits: 7 }\n"
                    + "      - max_credits_at_level: { level: 3, credit: 10 } # expect: unknown-key\n")
        }
    }

    @Test func aCapBelowTheMandatoryUnitsIsAClash() throws {
        let (diags, _) = DiagnosticTests.load { f in
            DiagnosticTests.replace(
                &f, "qualifications.yaml", "      - min_credits_from_group: { group: g1, credits: 7 }\n",
                "      - min_credits_from_group: { group: g1, credits: 7 }\n"
                    + "      - max_credits_at_level: { level: 3, credits: 2 }\n")
        }
        let clash = try #require(diags.first { $0.id == .unsatisfiableRules })
        #expect(
            clash.message.contains(
                "the cap of 2 credits from units at Level 3 or below at line 23 is below the credits of U1"),
            "\(clash.message)")
    }
}
