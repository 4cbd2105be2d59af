/// The evaluator's ``CompiledRules``, one per qualification, in memory it owns.
public struct RulesTable: @unchecked Sendable { // written once in init, read-only afterwards
    @usableFromInline package let base: UnsafeMutablePointer<CompiledRules>
    public let count: Int

    public init(_ rules: [CompiledRules]) {
        count = rules.count
        base = .allocate(capacity: max(1, count))
        base.initialize(from: rules, count: count)
    }

    public subscript(index: Int) -> CompiledRules { base[index] }

    public func deallocate() { base.deallocate() }
}
