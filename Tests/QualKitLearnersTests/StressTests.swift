import Foundation
import Testing
@testable import QualKit
import QualKitCore
import QualKitLearners

/// A registry is an immutable value: evaluating with one while other tasks build larger ones is safe.
@Suite("Concurrency stress")
struct StressTests {
    @Test func evaluateWhileLoadingPacksConcurrently() async throws {
        let base = try PackRegistry.bundled()
        let evaluator = try Evaluator(catalog: base.catalog)
        let gen = LearnerGenerator(catalog: base.catalog, seed: 77)
        let learners = (0..<2000).map { gen.learner($0) }
        let expected = learners.map { evaluator.evaluate($0) }
        let demo = PackSource(
            origin: "demo",
            files: [
                "pack.yaml": DemoPack.manifest, "units.yaml": DemoPack.units,
                "qualifications.yaml": DemoPack.qualifications
            ])
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0..<4 {
                group.addTask {
                    var ok = true
                    for (i, l) in learners.enumerated() where i % 4 == t {
                        ok = ok && evaluator.evaluate(l) == expected[i]
                    }
                    return ok
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<20 {
                        let r = PackLoader.load(demo, context: base.catalog)
                        guard let pack = r.pack else { return false }
                        let bigger = try base.adding(pack)
                        let e = try Evaluator(catalog: bigger.catalog)
                        if e.qualifications.count != 8 { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(base.catalog.qualifications.count == 7) // the shared registry never changed
    }
}

enum DemoPack {
    static let manifest = "id: demo\nfamily: DEMO\nawarding_organisation: Demo AO\nversion: 1.0.0\n"
    static let units = """
        units:
          - code: DEMO-1
            title: Demo unit one
            level: 2
            credits: 4
            glh: 20
          - code: DEMO-2
            title: Demo unit two
            level: 2
            credits: 3
            glh: 15
        """
    static let qualifications = """
        qualifications:
          - id: demo-award
            title: Demo Level 2 Award
            level: 2
            credit_value: 7
            size: award
            rules:
              - mandatory: [DEMO-1, DEMO-2]
        """
}
