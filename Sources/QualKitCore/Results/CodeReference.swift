/// The reference of every code and field a result carries, as Markdown: generated from ``UnmetCode``,
/// ``UncheckedCode``, ``EvaluationWarning/Kind`` and ``ResultField`` for the documentation (a test keeps the
/// article equal).
package enum CodeReference {
    package static func markdown() -> String {
        func table(_ rows: [(String, String)]) -> String {
            "| code | meaning |\n| --- | --- |\n" + rows.map { "| `\($0.0)` | \($0.1) |\n" }.joined()
        }
        let fields = ResultField.allCases.map { "| `\($0.rawValue)` | \($0.summary) |\n" }.joined()
        return """
            ## Result fields

            The keys of a result (`ResultField`), in the order JSON Lines writes them; the default CSV columns are \(
            ResultField.csv.map { "`\($0.rawValue)`" }.joined(separator: ", ")):

            | field | meaning |
            | --- | --- |
            \(fields)
            ## Unmet requirements

            `unmet[].code` (`UnmetCode`), in the order results list them:

            \(table(UnmetCode.allCases.map { ($0.rawValue, $0.summary) }))
            ## Checks not made

            `unchecked[]` (`UncheckedCode`):

            \(table(UncheckedCode.allCases.map { ($0.rawValue, $0.summary) }))
            ## Warnings

            `warnings[].kind` (`EvaluationWarning.Kind`); JSON Lines output from the CLI gives each warning's
            message:

            \(table(EvaluationWarning.Kind.allCases.map { ($0.rawValue, $0.summary) }))
            ## Exceptions

            `exceptions[].kind` of a learner record (`LearnerException.Kind`); `waive` names one of \
            \(UnmetCode.waivable.map { "`\($0)`" }.joined(separator: ", ")), `extend` one of \
            \(UnmetCode.extendable.map { "`\($0)`" }.joined(separator: ", ")):

            \(table(LearnerException.Kind.allCases.map { ($0.rawValue, $0.summary) }))
            """
    }
}
