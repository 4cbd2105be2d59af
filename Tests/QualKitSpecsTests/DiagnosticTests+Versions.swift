import Foundation
import Testing
@testable import QualKitSpecs

/// Versions of a qualification's rules: read with inheritance, each checked as a qualification, and their
/// registration windows checked against each other.
extension DiagnosticTests {
    /// A version 2 of the demo award that makes U3 mandatory and asks 4 credits of Group 1; it restates
    /// its dates, so that its window follows version 1's registration end.
    static let version2 = """
            versions:
              - version: "2"
                registrations_from: "2015-09-01"
                validity:
                  operational_start: "2015-09-01"
                  registration_end: "2017-08-31"
                  certification_end: "2020-08-31"
                  completion_years: 3
                rules:
                  - mandatory: [U1, U3]
                  - min_credits_from_group: { group: g1, credits: 4 }

        """

    static func withVersions(_ files: inout [String: String], _ text: String = version2) {
        files["qualifications.yaml"]! += "\n" + text
    }

    @Test func aVersionInheritsWhatItDoesNotRestate() throws {
        var files: [String: String] = [:]
        let result = PackLoader.load(
            PackSource(
                origin: "demo",
                files: {
                    var f = [
                        "pack.yaml": Self.manifest, "units.yaml": Self.units,
                        "qualifications.yaml": Self.qualifications, "assessments.yaml": Self.assessments
                    ]
                    Self.withVersions(&f)
                    files = f
                    return f
                }(), displayPrefix: "Specs/demo"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let q = try #require(result.pack?.family.qualifications.first)
        #expect(q.version == "1" && q.versions.count == 1 && q.allVersions.count == 2)
        let v2 = try #require(q.version("2"))
        #expect(v2.registrationsFrom == CalendarDate(iso: "2015-09-01"))
        #expect(
            v2.title == q.title && v2.creditValue == q.creditValue && v2.guidedLearningHours == q.guidedLearningHours)
        #expect(v2.delivery == q.delivery && v2.assessments == q.assessments && v2.declaredSize == q.declaredSize)
        #expect(v2.rules != q.rules && v2.validity.registrationEnd == CalendarDate(iso: "2017-08-31"))
        #expect(q.version(registeredOn: CalendarDate(iso: "2015-08-31")!).version == "1")
        #expect(q.version(registeredOn: CalendarDate(iso: "2015-09-01")!).version == "2")
        #expect(!files.isEmpty)
    }

    @Test func overlappingWindowsAreAnError() {
        Self.check { f in
            Self.withVersions(
                &f,
                Self.version2.replacingOccurrences(
                    of: #"registrations_from: "2015-09-01""#,
                    with: #"registrations_from: "2015-06-01" # expect: version-windows"#))
        }
    }

    @Test func aGapIsAWarningUnlessAllowed() throws {
        let gap = Self.version2.replacingOccurrences(
            of: #"registrations_from: "2015-09-01""#, with: #"registrations_from: "2015-12-01""#)
        let (diags, _) = Self.load { Self.withVersions(&$0, gap) }
        #expect(
            diags.map(\.id) == [.versionWindows] && diags.allSatisfy { $0.severity == .warning },
            "\(diags.map(\.description))")
        #expect(
            diags.first?.message.contains("registrations from 2015-09-01 to 2015-11-30 fall in no version") == true,
            "\(diags)")
        let allowed = gap.replacingOccurrences(
            of: #"registrations_from: "2015-12-01""#,
            with: "registrations_from: \"2015-12-01\"\n        registration_gap: allowed")
        let (none, _) = Self.load { Self.withVersions(&$0, allowed) }
        #expect(none.isEmpty, "\(none.map(\.description))")
        Self.check { f in
            Self.withVersions(
                &f,
                allowed.replacingOccurrences(
                    of: "registration_gap: allowed", with: "registration_gap: maybe # expect: invalid-value"))
        }
    }

    @Test func versionsOpenInOrderAndEachVersionCanTakeRegistrations() {
        Self.check { f in
            Self.withVersions(
                &f,
                Self.version2 + """
                          - version: "3"
                            registrations_from: "2015-08-15" # expect: version-windows

                    """)
        }
        // A version that inherits a registration end before its own window: nobody could register under it.
        Self.check { f in
            Self.withVersions(
                &f,
                """
                    versions:
                      - version: "2"
                        registrations_from: "2015-09-01" # expect: version-windows
                        credit_value: 10

                """)
        }
    }

    @Test func aVersionIsCheckedAsAQualificationOfItsOwn() {
        // Version 2 states a credit value its rules do not give: reported at version 2's line.
        Self.check { f in
            Self.withVersions(
                &f,
                Self.version2.replacingOccurrences(
                    of: #"registrations_from: "2015-09-01""#,
                    with: "registrations_from: \"2015-09-01\"\n        credit_value: 12 # expect: credit-value-mismatch"
                ))
        }
        // A label used twice, and a key a version cannot restate.
        Self.check { f in
            Self.withVersions(
                &f,
                Self.version2.replacingOccurrences(
                    of: #"- version: "2""#, with: "- version: \"1\" # expect: duplicate-id"))
        }
        Self.check { f in
            Self.withVersions(
                &f,
                Self.version2.replacingOccurrences(
                    of: #"registrations_from: "2015-09-01""#,
                    with: "registrations_from: \"2015-09-01\"\n        qan: 600/5782/8 # expect: unknown-key"))
        }
    }

    /// A problem in a key that a version inherits is reported once, where it is written.
    @Test func anInheritedProblemIsReportedOnce() {
        let (diags, _) = Self.load { f in
            Self.replace(&f, "qualifications.yaml", "credit_value: 10", "credit_value: 11")
            Self.withVersions(
                &f,
                Self.version2.replacingOccurrences(
                    of:
                        """
                                rules:\n          - mandatory: [U1, U3]\n          - min_credits_from_group: { \
                        group: g1, credits: 4 }\n
                        """,
                    with: ""))
        }
        #expect(diags.filter { $0.id == .creditValueMismatch }.count == 1, "\(diags.map(\.description))")
        #expect(diags.filter { $0.severity == .error }.count == 1, "\(diags.map(\.description))")
    }
}
