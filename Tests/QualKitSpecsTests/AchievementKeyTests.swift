import QualKitSpecs
import Testing

/// The qualification keys an Open Badges achievement reads (`field_of_study`, `language`): read into the
/// model, and a language that is not a BCP 47 code is an error at its line.
@Suite("Achievement keys of a qualification")
struct AchievementKeyTests {
    static func loaded(_ lines: String) -> PackLoadResult {
        var files = [
            "pack.yaml": DiagnosticTests.manifest, "units.yaml": DiagnosticTests.units,
            "qualifications.yaml": DiagnosticTests.qualifications, "assessments.yaml": DiagnosticTests.assessments
        ]
        DiagnosticTests.replace(
            &files, "qualifications.yaml", "    level: 3\n    credit_value: 10",
            lines + "\n    level: 3\n    credit_value: 10")
        return PackLoader.load(PackSource(origin: "demo", files: files, displayPrefix: "Specs/demo"))
    }

    @Test func fieldOfStudyAndLanguageAreRead() throws {
        let result = Self.loaded("    field_of_study: Business Management\n    language: en-GB")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let q = try #require(result.pack?.family.qualifications.first)
        #expect(q.fieldOfStudy == "Business Management" && q.language == "en-GB")
    }

    @Test(arguments: ["English", "e", "en_GB", "en-", "123"])
    func aLanguageThatIsNotACodeIsAnError(code: String) throws {
        let result = Self.loaded("    language: \"\(code)\"")
        let error = try #require(result.diagnostics.first)
        #expect(error.id == .invalidValue)
        #expect(
            error.description.contains("qualifications.yaml:8:") && error.description.contains("BCP 47"),
            "\(error.description)")
    }
}
