/// The evaluator's ``CompiledRules``, one per qualification, in memory it owns.
struct RulesTable: @unchecked Sendable { // written once in init, read-only afterwards
    let base: UnsafeMutablePointer<CompiledRules>
    let count: Int

    init(_ rules: [CompiledRules]) {
        count = rules.count
        base = .allocate(capacity: max(1, count))
        base.initialize(from: rules, count: count)
    }

    subscript(index: Int) -> CompiledRules { base[index] }

    func deallocate() { base.deallocate() }
}
