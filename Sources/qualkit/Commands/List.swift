import ArgumentParser
import Foundation
import QualKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List packs, qualifications (id, QAN, title, level, credit value, size band) and units.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, model }

    @Option(
        help:
            """
            Output format: text, json (a summary), or model (every loaded pack's full model as JSON: units, \
            groups, rules, assessments; what tools such as Benchmarks/peers/zen read).
            """
    )
    var format: Format = .text

    @OptionGroup var packs: PackOptions

    struct PackJSON: Encodable {
        var id, family, awarding_organisation, version: String
        var qualifications: [QualificationJSON]
        var units: [UnitJSON]
    }
    struct QualificationJSON: Encodable {
        var id: String
        var qan: String?
        var title, level: String
        var credit_value: Int
        var size_band: String?
        /// The worst case of evaluating one learner (EvaluationCost): paths, steps, states, and what it takes of
        /// the budgets.
        var evaluation_cost: CostJSON?
        /// Every version of the rules with its window, for a qualification that has several (else absent).
        var versions: [VersionJSON]?
    }
    struct VersionJSON: Encodable {
        var version: String
        var registrations_from, registrations_until: String?
        var credit_value: Int
        var window: String
    }
    /// EvaluationCost: a decision's steps, the decisions a learner may take, the counted credits' steps, and
    /// what the budgets charge for all of it (EvaluationCost.budgetSteps).
    struct CostJSON: Encodable { var paths, steps, states, decisions, counting_steps, budget_steps: Int }
    struct UnitJSON: Encodable {
        var code, title, level: String
        var credits, glh: Int
        var minimum_practice_hours: Double?
    }

    func run() throws {
        let registry = try packs.registry()
        switch format {
        case .model:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.outText(String(decoding: try enc.encode(registry.packs.map(\.family)), as: UTF8.self))
        case .json:
            let out = registry.packs.map { p in
                PackJSON(
                    id: p.id, family: p.family.family, awarding_organisation: p.family.awardingOrganisation,
                    version: p.family.version,
                    qualifications: p.family.qualifications.map {
                        QualificationJSON(
                            id: $0.id.rawValue, qan: $0.qan, title: $0.title, level: $0.level.code,
                            credit_value: $0.creditValue.value, size_band: $0.size?.rawValue,
                            evaluation_cost: (try? QualificationAnalysis.cost(
                                of: $0, units: registry.catalog.unitsByCode,
                                limits: packs.limits.evaluation))
                                .map {
                                    CostJSON(
                                        paths: $0.paths, steps: $0.steps, states: $0.states, decisions: $0.decisions,
                                        counting_steps: $0.countingSteps, budget_steps: $0.budgetSteps)
                                },
                            versions: Self.versions($0))
                    },
                    units: p.family.units.map {
                        UnitJSON(
                            code: $0.code.rawValue, title: $0.title, level: $0.level.code, credits: $0.credits.value,
                            glh: $0.guidedLearningHours.value, minimum_practice_hours: $0.minimumPracticeHours?.value)
                    })
            }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.outText(String(decoding: try enc.encode(["packs": out]), as: UTF8.self))
        case .text:
            for p in registry.packs {
                Console.out(
                    "\(p.id)  family \(p.family.family), \(p.family.awardingOrganisation), version \(p.family.version)")
                Console.out("  Qualifications:")
                for q in p.family.qualifications {
                    Console.out(
                        """
                            \(q.id.rawValue.padded(46)) \((q.qan ?? "-").padded(11)) \
                        \(q.level.description.padded(8)) \(String(q.creditValue.value).padded(4)) \
                        \((q.size?.description ?? "-").padded(12)) \(q.title)
                        """
                    )
                    for v in Self.versions(q) ?? [] {
                        Console.out(
                            "      version \(v.version.padded(6)) \("\(v.credit_value) credits".padded(12)) \(v.window)"
                        )
                    }
                }
                Console.out("  Units:")
                for u in p.family.units {
                    let hours = u.minimumPracticeHours.map { ", practice ≥ \($0) h" } ?? ""
                    Console.out(
                        """
                            \(u.code.rawValue.padded(10)) \(u.level.description.padded(8)) \(u.credits) credits, \
                        \(u.guidedLearningHours) GLH\(hours)  \(u.title)
                        """
                    )
                }
                Console.out("")
            }
        }
    }
}

extension List {
    /// The versions of `qualification` with their windows, or `nil` for a qualification with one version.
    static func versions(_ qualification: Qualification) -> [VersionJSON]? {
        guard qualification.hasVersions else { return nil }
        return qualification.allVersions.enumerated().map { i, v in
            VersionJSON(
                version: v.version, registrations_from: v.registrationsFrom?.description,
                registrations_until: qualification.lastRegistrationDay(ofVersionAt: i)?.description,
                credit_value: v.creditValue.value,
                window: PlainEnglish.window(of: qualification, versionAt: i))
        }
    }
}

extension String {
    func padded(_ length: Int) -> String { self + String(repeating: " ", count: max(0, length - count)) }
}
