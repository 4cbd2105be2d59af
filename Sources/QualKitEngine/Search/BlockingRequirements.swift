/// Why a learner's units, which meet each requirement of a path alone, cannot meet them all together: a
/// minimal set of the path's requirements that block each other, with each one's figures.
///
/// Found exactly by deletion, with assignment programmes over the held units: starting from every group
/// minimum, cap, bar, total and level floor of the path, each is dropped in turn when the rest still cannot
/// be met with the units held. What remains cannot be met together, and dropping any one of it lets the
/// rest be met: when a requirement kept was looked at, the others then left could be met without it, and
/// the others left at the end are fewer, so they can be met too. (The units each requirement makes
/// countable stay countable: the path's relevant units are kept whatever is dropped.)
///
/// The figures come from the assignment that comes closest: for a minimum (a group's, the total, a level
/// floor), the most that can count towards it while the other blocking requirements are met (the largest
/// minimum that would be met, found by bisection); for a cap, the credits held under it against the most
/// that may count; for a bar, the units held of it.
///
/// Each question is one run of a programme over some of the path's requirements. The whole explanation is
/// held to one budget of steps (``SearchLimits/maximumSteps``): each question takes the transitions its run
/// makes, and the size of its programme besides, (the path's units that may count + 1) × (its requirements +
/// 1), charged before the programme is compiled, for compiling it and the pass over it (again for a
/// programme compiled afresh with a lower minimum; charged whether or not it was compiled before, so that
/// the answer never depends on what earlier learners asked); each run holds at most
/// ``SearchLimits/maximumStates`` states. A
/// question past the budget, or a programme whose states cannot be numbered, ends the explanation and the
/// result says `unit-assignment`. So explaining a learner costs at most the budget, whatever the number of
/// requirements and bisections, and only learners whose requirements are met one by one but not together
/// pay it.
extension CompiledRules {
    /// One requirement of a path, by kind and index.
    public enum PathRequirement: Hashable {
        case claim(Int), cap(Int), bar(Int), total, floor(Int)
    }

    /// A requirement that blocks others, with its figure: for a minimum, the most that can count towards
    /// it while the other blocking requirements are met; for a cap, the credits held under it.
    public struct BlockingRequirement: Hashable {
        public var requirement: PathRequirement
        public var figure: Int
    }

    /// The blocking requirements of path `path` for `held` units (its mandatory units all held), in the
    /// path's order; empty when the held units meet the path, or when the explanation would take more than
    /// `limits` (``SearchLimits/maximumSteps`` in all, ``SearchLimits/maximumStates`` a run).
    public func blockingRequirements(
        path index: Int, held: UnitMask, _ scratch: AssignmentScratch,
        programs: ExplanationPrograms, qualification: Int,
        limits: SearchLimits
    ) -> [BlockingRequirement] {
        var taken = 0
        return blockingRequirements(
            path: index, held: held, scratch, programs: programs, qualification: qualification, limits: limits,
            stepsTaken: &taken)
    }

    /// ``blockingRequirements(path:held:_:programs:qualification:limits:)``, adding to `stepsTaken` the steps
    /// the explanation was charged (at most ``SearchLimits/maximumSteps``).
    public func blockingRequirements(
        path index: Int, held: UnitMask, _ scratch: AssignmentScratch,
        programs: ExplanationPrograms, qualification: Int,
        limits: SearchLimits, stepsTaken: inout Int
    ) -> [BlockingRequirement] {
        let p = paths[index]
        var budget = limits.maximumSteps
        defer { stepsTaken += limits.maximumSteps - max(0, budget) }
        let units = (p.relevant - p.mandatory).count
        /// Charges the size of a programme over `requirements` to `budget`: whether anything is left.
        func charge(_ requirements: [PathRequirement]) -> Bool {
            let (size, o1) = (units + 1).multipliedReportingOverflow(by: requirements.count + 1)
            if o1 || size > budget { budget = -1; return false }
            budget -= size
            return true
        }
        /// Whether the held units meet `program`, its transitions charged to `budget`; `nil` past it.
        func ask(_ program: AssignmentProgram) -> Bool? {
            scratch.meets(
                program, held: held, weights: (unitWeights, credits), words: words, budget: &budget,
                maximumStates: limits.maximumStates)
        }
        /// Whether the held units meet `requirements`, one minimum lowered when `minimum` says so; `nil` past
        /// `limits` (then nothing is explained).
        func meets(_ requirements: [PathRequirement], minimum: (requirement: PathRequirement, value: Int)? = nil)
            -> Bool?
        {
            guard charge(requirements) else { return nil }
            let entry = programs.program(self, qualification: qualification, path: index, requirements)
            return withExtendedLifetime(entry.storage) { () -> Bool? in
                guard let (r, value) = minimum, let d = entry.dimension(of: r, in: p, requirements) else {
                    return ask(entry.program)
                }
                if entry.program.impossible {
                    // Compiled impossible (a minimum above what all the units can bring): a lower minimum may
                    // not be, so compile that one afresh rather than lower the dimension.
                    guard charge(requirements) else { return nil }
                    let fresh = programs.program(self, path: index, requirements, lowering: r, to: value)
                    return withExtendedLifetime(fresh.storage) { ask(fresh.program) }
                }
                let storage = PlainStorage()
                let lowered = entry.program.with(
                    dimension: d, initial: entry.initial(of: r, value, in: p, credits: self),
                    storage: storage)
                return withExtendedLifetime(storage) { ask(lowered) }
            }
        }
        /// Thrown out of the search when a question passes the limits.
        struct PastLimits: Error {}
        func meetsWithin(_ requirements: [PathRequirement], minimum: (requirement: PathRequirement, value: Int)? = nil)
            throws(PastLimits) -> Bool
        {
            guard let answer = meets(requirements, minimum: minimum) else { throw PastLimits() }
            return answer
        }
        func most(_ others: [PathRequirement], _ requirement: PathRequirement, upTo limit: Int) throws(PastLimits)
            -> Int
        {
            var low = 0, high = limit - 1 // met at `low`; the answer is at most `high`
            while low < high {
                let middle = (low + high + 1) / 2
                if try meetsWithin(others + [requirement], minimum: (requirement, middle)) {
                    low = middle
                } else {
                    high = middle - 1
                }
            }
            return low
        }
        var all: [PathRequirement] = p.claims.indices.map { .claim($0) }
        all += p.caps.indices.map { .cap($0) }
        all += p.barred.indices.map { .bar($0) }
        if p.minimumCredits > 0 { all.append(.total) }
        all += p.levelFloors.indices.map { .floor($0) }
        do {
            guard try !meetsWithin(all) else { return [] }
            var kept = all
            var i = 0
            while i < kept.count {
                var without = kept
                without.remove(at: i)
                if try meetsWithin(without) { i += 1 } else { kept = without }
            }
            return try kept.map { r throws(PastLimits) in
                var others = kept
                others.removeAll { $0 == r }
                switch r {
                case .claim(let k):
                    return BlockingRequirement(requirement: r, figure: try most(others, r, upTo: p.claims[k].minimum))
                case .total:
                    return BlockingRequirement(requirement: r, figure: try most(others, r, upTo: p.minimumCredits))
                case .floor(let k):
                    return BlockingRequirement(
                        requirement: r, figure: try most(others, r, upTo: p.levelFloors[k].minimum))
                case .cap(let k):
                    return BlockingRequirement(requirement: r, figure: creditSum(held & p.relevant & p.caps[k].units))
                case .bar(let k):
                    return BlockingRequirement(requirement: r, figure: (held & p.relevant & p.barred[k]).count)
                }
            }
        } catch {
            return [] // past the limits: the caller reports unit-assignment
        }
    }
}

/// The programmes an explanation runs, one per set of a path's requirements, compiled on first use and kept
/// (per workspace: not thread-safe) so that explaining the next learner of the same qualification costs
/// runs only. At most ``capacity`` are kept; full, it starts again.
public final class ExplanationPrograms {
    public static let capacity = 256

    /// A programme for some requirements of a path, compiled `keepingImplied`, with its storage.
    public struct Entry {
        public let program: AssignmentProgram
        public let storage: PlainStorage

        /// The dimension of requirement `requirement` among `requirements` (claims, caps, bars, total, floors, in the
        /// order the programme gives them dimensions), when it has one.
        public func dimension(
            of requirement: CompiledRules.PathRequirement, in path: CompiledRules.Path,
            _ requirements: [CompiledRules.PathRequirement]
        ) -> Int? {
            var claims = 0, caps = 0, bars = 0, total = false, floors = 0
            for x in requirements {
                switch x {
                case .claim: claims += 1
                case .cap: caps += 1
                case .bar: bars += 1
                case .total: total = path.minimumCredits > 0
                case .floor: floors += 1
                }
            }
            func position(_ kind: (CompiledRules.PathRequirement) -> Bool) -> Int? {
                var k = 0
                for x in requirements where kind(x) {
                    if x == requirement { return k }
                    k += 1
                }
                return nil
            }
            switch requirement {
            case .claim: return position { if case .claim = $0 { true } else { false } }
            case .total: return total ? claims + caps + bars : nil
            case .floor:
                return position { if case .floor = $0 { true } else { false } }.map {
                    claims + caps + bars + (total ? 1 : 0) + $0
                }
            case .cap, .bar: return nil
            }
        }

        /// The dimension's starting value for minimum `value` of requirement `requirement`: what remains once the
        /// mandatory units count, as the programme's compiler works it out.
        public func initial(
            of requirement: CompiledRules.PathRequirement, _ value: Int, in path: CompiledRules.Path,
            credits rules: CompiledRules
        ) -> Int {
            switch requirement {
            case .claim: return value
            case .total: return max(0, value - rules.creditSum(path.mandatory))
            case .floor(let k): return max(0, value - rules.creditSum(path.mandatory & path.levelFloors[k].units))
            case .cap, .bar: return value
            }
        }
    }

    private struct Key: Hashable {
        var qualification: Int
        var path: Int
        var requirements: [CompiledRules.PathRequirement]
    }

    private var entries: [Key: Entry] = [:]

    public init() {}

    /// The programme for `requirements` of path `path` of `rules` (qualification `qualification`).
    public func program(
        _ rules: CompiledRules, qualification: Int, path: Int, _ requirements: [CompiledRules.PathRequirement]
    )
        -> Entry
    {
        let key = Key(qualification: qualification, path: path, requirements: requirements)
        if let known = entries[key] { return known }
        let entry = program(rules, path: path, requirements)
        if entries.count >= Self.capacity { entries.removeAll() }
        entries[key] = entry
        return entry
    }

    /// The programme for `requirements` of path `path` of `rules`, the minimum of `lowered` (if any) set to
    /// `value`, compiled now and not kept.
    public func program(
        _ rules: CompiledRules, path: Int, _ requirements: [CompiledRules.PathRequirement],
        lowering lowered: CompiledRules.PathRequirement? = nil, to value: Int = 0
    ) -> Entry {
        let p = rules.paths[path]
        var claims: [CompiledRules.Claim] = [], caps: [CompiledRules.Cap] = [], barred: [UnitMask] = []
        var floors: [CompiledRules.LevelFloor] = []
        var total = 0
        for r in requirements {
            switch r {
            case .claim(let k):
                var c = p.claims[k]
                if r == lowered { c.minimum = value }
                claims.append(c)
            case .cap(let k): caps.append(p.caps[k])
            case .bar(let k): barred.append(p.barred[k])
            case .total: total = r == lowered ? value : p.minimumCredits
            case .floor(let k):
                var f = p.levelFloors[k]
                if r == lowered { f.minimum = value }
                floors.append(f)
            }
        }
        // The compiler gives dimensions in its own order (claims, caps, bars, total, floors), whatever the
        // order of `requirements`; ``Entry/dimension(of:in:_:)`` counts in that order too.
        let storage = PlainStorage()
        let program = AssignmentProgram(
            mandatory: p.mandatory, claims: claims, caps: caps, minimumCredits: total,
            levelFloors: floors, barred: barred, relevant: p.relevant, credits: Array(rules.credits),
            // (Its worst case is not measured: each run is held to the evaluator's limits instead.)
            storage: storage, limits: SearchLimits(maximumSteps: 0, maximumStates: 0), measuringCost: false,
            keepingImplied: true)
        return Entry(program: program, storage: storage)
    }
}
