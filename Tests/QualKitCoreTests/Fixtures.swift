import QualKitCore
import QualKitCore

/// Builds small catalogs in code for rule tests.
enum Fixture {
    static func unit(_ code: String, _ credits: Int, level: Int = 3, hours: Double? = nil) -> LearningUnit {
        LearningUnit(
            code: UnitCode(code), title: "Unit \(code)", level: .level(level), credits: Credits(credits),
            guidedLearningHours: GuidedLearningHours(credits * 3), minimumPracticeHours: hours.map { Hours($0) })
    }

    static func evaluator(
        units: [LearningUnit], groups: [UnitGroup] = [], rules: [Rule], credits: Int = 10,
        delivery: DeliveryRequirements = .init(), validity: Validity = .init(),
        assessments: [Assessment] = [], limits: EvaluationLimits = .default
    ) throws -> Evaluator {
        let q = Qualification(
            id: "q", title: "Test qualification", level: .level(3), creditValue: Credits(credits),
            groups: groups, rules: rules, delivery: delivery, validity: validity,
            assessments: assessments.map(\.id))
        let family = QualificationFamily(
            id: "test", family: "T", awardingOrganisation: "AO", version: "1",
            units: units, qualifications: [q], assessments: assessments)
        return try Evaluator(catalog: QualificationCatalog([family]), limits: limits)
    }

    static func learner(_ codes: [String], id: String = "L1") -> Learner {
        Learner(id: LearnerID(id), units: codes.map { UnitAchievement(code: UnitCode($0)) })
    }

    static func result(_ e: Evaluator, _ codes: [String]) -> EvaluationResult {
        e.evaluate(learner(codes))[0]
    }
}
