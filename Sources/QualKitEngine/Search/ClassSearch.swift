/// The cheapest completion of a path with no caps or bars, worked out over classes of interchangeable units
/// rather than over units.
///
/// On a path with no caps and no bars every requirement is a minimum, and a unit that is not mandatory
/// matters to the rules only through the claims it may count towards (its groups'), its credits and the
/// level floors it counts towards. Units that agree on all three are *interchangeable*: they form one
/// class (the same units in the qualification's order, the same cost of adding one), and a completion is
/// fixed, as far as the rules can tell, by how many units it takes from each class and, for a class whose
/// units may count towards several claims (groups that share units), how many of them count towards each.
/// Swapping two units of a class, with their places in the assignment, changes no requirement's sum. A
/// 120-unit diploma's 110 optional units fall into about a dozen classes; a 300-unit one whose groups E and
/// F share 15 units into a few dozen.
///
/// **Every held unit counts.** With only minimums, counting a unit never takes anything from a requirement:
/// the programme never leaves a held unit out on such a path, and neither does the search. A held unit of a
/// class that serves one claim at most counts towards it at once; held units that serve several are shared
/// out by the search like any other class, at no cost and all of them taken.
///
/// **Which units of a class.** Among completions that take the same number of units from each class, the
/// preferred one (the colexicographic order of ``AssignmentProgram``: the added set whose last unit comes
/// earliest, then the one before it, …) takes each class's lowest-indexed units not held. Proof: let *S*
/// take *n*ⱼ units of class *j* and *S′* the first *n*ⱼ available ones. Class by class the *i*-th unit of
/// *S′* is at most the *i*-th of *S*, so for every index *t*, *S′* has no more units at or above *t* than
/// *S*. If the highest unit where they differ, *x*, were in *S′* and not in *S*, then *S′* would have one
/// more unit at or above *x* than *S*. So *x* is in *S*: *S′* comes first, or equals *S*.
///
/// **The search.** A depth-first branch and bound over the classes, taking from each class every useful
/// count (no more than the largest number any requirement it serves still needs), largest first. A branch
/// is cut when a lower bound on what it must still add cannot beat the best completion found: per
/// requirement, the fractional cover of what it still needs by the remaining classes, in order of cost
/// per credit (or unit) they bring (each class as if all its units served that requirement: a relaxation,
/// so a lower bound). A unit counts towards one claim at most, so the claims' bounds add up, even where
/// groups share units (each unit of a completion is paid for in the cover of the one claim it serves); the
/// overall total and the level floors each bound alone. Claims that share classes also bound together
/// (``Run/joinClaims()``): their units must bring at least the sum of their needs, each unit to one claim
/// and at most its amount there, which the claims' own covers cannot see when a shared class runs short. A
/// class that serves several open claims is then shared out among them
/// (``Run/share(depth:from:left:primary:secondary:target:)``). It runs twice:
/// 1. for the least (primary, secondary) cost: first for a completion at the root's lower bound (then the
///    least there is, with no proof needed), and only if there is none, cutting every branch that cannot
///    do strictly better than the best found;
/// 2. at that cost, for the set that comes first in the colexicographic order, unit by unit from the
///    highest: a unit is left out when some completion at that cost does without it (the last one found,
///    or one a search that stops at its first finds), and kept otherwise. Ties between classes, which are
///    common (a 3-credit unit of one group or of another), cost no enumeration this way.
///
/// **A search for a given cost** (the root's bound, and every question of phase 2) cuts more: a completion
/// at that cost has exactly its primary and exactly its secondary, so a branch whose secondary bound alone
/// passes the target's is cut whatever its primary; and it has exactly the target's *weighted* cost,
/// `a × primary − b × secondary` with `a / b` the largest secondary over primary of any class whose primary
/// is positive, which is never negative a unit and so has a lower bound by covers like the others (no such
/// bound when no class costs anything, or a free unit has a positive secondary). With units first and credits second,
/// that is the credits a completion falls short of all-6-credit units (for 6 at most): 15 units for 90
/// credits leaves none, and only 6-credit classes weigh nothing, which neither bound alone can tell. No
/// class may then take more units than the weighted cost left pays for, and the classes that weigh most
/// are decided first (``Run/sortClasses()``).
///
/// The order is exact: (units, credits, then the colexicographic order), the same as ``AssignmentProgram``.
///
/// **Bounded by the programme it stands in for.** A node works out bounds over the requirements still open
/// (and unions of claims) and the learner's merged classes: at most 3 × (requirements + unions) × classes
/// *terms* (one class's part of one requirement's cover, for the primary, secondary and weighted costs). The searches
/// stop, and report ``Answer/gaveUp``, after as many nodes in all as
/// ``allowance`` terms pay for (``termsPerStep`` for each step of the worst case of the path's programme,
/// which the budgets count), and never after more than ``nodeLimit`` nor fewer than ``minimumNodes``; the
/// caller then runs the programme, within its worst case. A term takes a few instructions, a step of the
/// programme (a transition) about 35 ns on the 2-core VM of the benchmarks, so the search adds at most about
/// half the time of the programme's worst case to a learner's work: a learner's time stays bounded by the
/// budgets, whatever the
/// classes. (Not counted in the allowance: the setup for each learner, which merges the classes and orders
/// them per requirement, and the ``minimumNodes``; both are bounded by the path's size, at most 512 units
/// and 129 requirements.) `ClassSearchTests` pins the search to the programme over random paths and held
/// sets.
public struct ClassSearch: @unchecked Sendable { // plain values and pointers into its owner's storage
    /// Units that are interchangeable for the path's rules, with the cost of adding one.
    public struct UnitClass {
        public var units: UnitMask
        /// Cost of adding one unit: primary (units, or credits) and secondary.
        public var primary: Int
        public var secondary: Int
    }

    /// The most nodes one search visits before it gives up, whatever its ``allowance`` (each works out a bound
    /// over the requirements and classes left: tens of nanoseconds for a dozen classes).
    public static let nodeLimit = 4_096
    /// The fewest nodes a search may visit before it gives up, however small its ``allowance``.
    public static let minimumNodes = 16
    /// The terms of a bound (one class's part of one requirement's cover, a few instructions) that one step
    /// of the path's programme (a transition, about 35 ns) pays for: 8, about half a step's time.
    public static let termsPerStep = 8
    /// The terms a search may work out in all: ``termsPerStep`` times the worst case of the path's programme
    /// (its ``AssignmentProgram/cost``, which the budgets count).
    public let allowance: Int

    @usableFromInline package let classes: UnsafeBufferPointer<UnitClass>
    /// Requirements: what each still needs once the mandatory units count (``minimums``), and what one
    /// unit of each class brings to it (``amounts``, requirement-major).
    public let requirementCount: Int
    @usableFromInline package let minimums: UnsafeBufferPointer<Int>
    @usableFromInline package let amounts: UnsafeBufferPointer<Int>
    /// Requirements below this index are the group claims; then the total and the level floors.
    public let claimCount: Int
    /// Whether every secondary cost is zero or more (then the secondary bound is a cover like the primary).
    public let secondaryIsNonNegative: Bool

    public enum Answer {
        case solved(AssignmentProgram.Solution)
        /// No set of the path's units meets it.
        case impossible
        /// The search used up its nodes (``ClassSearch/allowance``): ask the programme.
        case gaveUp
    }

    /// The classes of a path `path` with no caps or bars, with the cost of adding a unit given by `weights`
    /// (local unit index → primary, secondary); `nil` when the path has caps or bars, more than 64 claims or
    /// level floors, or a unit's primary cost is negative (or zero with a negative secondary).
    /// `programSteps` is the worst case of the path's programme (``AssignmentProgram/cost``), which sets the
    /// search's ``allowance``.
    public init?(
        path draft: PathDraft, credits: [Int], weights: ([Int], [Int]), programSteps: Int, storage: PlainStorage
    ) {
        guard draft.caps.isEmpty, draft.barred.isEmpty, draft.levelFloors.count <= 64, draft.claims.count <= 64 else {
            return nil
        }
        self.init(
            mandatory: draft.mandatory, claims: draft.claims, minimumCredits: draft.minimumCredits,
            levelFloors: draft.levelFloors,
            relevant: draft.relevant, credits: credits, weights: weights, programSteps: programSteps, storage: storage)
    }

    /// The classes of compiled path `path`, as ``init(path:credits:weights:programSteps:storage:)``, with the
    /// worst case of its programme unless `programSteps` is given.
    public init?(
        path: CompiledRules.Path, credits: [Int], weights: ([Int], [Int]), programSteps: Int? = nil,
        storage: PlainStorage
    ) {
        guard path.caps.isEmpty, path.barred.isEmpty, path.levelFloors.count <= 64, path.claims.count <= 64 else {
            return nil
        }
        self.init(
            mandatory: path.mandatory, claims: Array(path.claims), minimumCredits: path.minimumCredits,
            levelFloors: Array(path.levelFloors), relevant: path.relevant, credits: credits, weights: weights,
            programSteps: programSteps ?? path.program.cost.steps, storage: storage)
    }

    private init?(
        mandatory: UnitMask, claims: [CompiledRules.Claim], minimumCredits: Int,
        levelFloors: [CompiledRules.LevelFloor],
        relevant: UnitMask, credits: [Int], weights: ([Int], [Int]), programSteps: Int, storage: PlainStorage
    ) {
        typealias Draft = (
            mandatory: UnitMask, claims: [CompiledRules.Claim], minimumCredits: Int,
            levelFloors: [CompiledRules.LevelFloor], relevant: UnitMask
        )
        let d: Draft = (mandatory, claims, minimumCredits, levelFloors, relevant)
        func sum(_ mask: UnitMask) -> Int { var s = 0; mask.forEach { s += credits[$0] }; return s }
        // Requirements: claims, then the total, then the level floors.
        var minimums = d.claims.map(\.minimum)
        minimums.append(d.minimumCredits - sum(d.mandatory))
        for f in d.levelFloors { minimums.append(f.minimum - sum(d.mandatory & f.units)) }
        // Classes: units of the same claims, credits, floors and costs.
        struct Key: Hashable {
            var claims: UInt64; var credits: Int; var floors: UInt64; var primary: Int; var secondary: Int
        }
        var index: [Key: Int] = [:]
        var classes: [UnitClass] = [], keys: [Key] = []
        var failed = false
        (d.relevant - d.mandatory).forEach { u in
            // The search assumes a unit more never lowers the cost: a negative primary cost, or a free one
            // with a negative secondary, would break that (`nil`: the programme decides).
            if weights.0[u] < 0 || (weights.0[u] == 0 && weights.1[u] < 0) { failed = true }
            var floors: UInt64 = 0
            for (k, f) in d.levelFloors.enumerated() where f.units.contains(u) { floors |= 1 << UInt64(k) }
            var claims: UInt64 = 0
            for (k, c) in d.claims.enumerated() where c.units.contains(u) { claims |= 1 << UInt64(k) }
            let key = Key(
                claims: claims, credits: credits[u], floors: floors, primary: weights.0[u], secondary: weights.1[u])
            if let j = index[key] { classes[j].units.insert(u); return }
            index[key] = classes.count
            var m = UnitMask(); m.insert(u)
            classes.append(UnitClass(units: m, primary: key.primary, secondary: key.secondary))
            keys.append(key)
        }
        if failed { return nil }
        let n = classes.count, r = minimums.count
        var amounts = [Int](repeating: 0, count: r * n)
        for (j, key) in keys.enumerated() {
            for k in d.claims.indices where key.claims & (1 << UInt64(k)) != 0 {
                amounts[k * n + j] = d.claims[k].measure == .credits ? key.credits : 1
            }
            amounts[d.claims.count * n + j] = key.credits
            for k in d.levelFloors.indices where key.floors & (1 << UInt64(k)) != 0 {
                amounts[(d.claims.count + 1 + k) * n + j] = key.credits
            }
        }
        self.classes = storage.copy(classes)
        self.requirementCount = r
        self.minimums = storage.copy(minimums)
        self.amounts = storage.copy(amounts)
        self.claimCount = d.claims.count
        self.secondaryIsNonNegative = classes.allSatisfy { $0.secondary >= 0 }
        let (terms, overflow) = max(0, programSteps).multipliedReportingOverflow(by: Self.termsPerStep)
        self.allowance = overflow ? Int.max : terms
    }

    /// The cheapest set of units not in `held` whose addition meets the path (the missing mandatory units
    /// aside, which the caller adds).
    ///
    /// The classes are first merged for this learner: a requirement the held units already meet stays met,
    /// so classes that bring the same to every requirement still open, at the same cost, are
    /// interchangeable for the rest of the search (a group's optional units and free ones, say, once the
    /// group's minimum is met), and their units are taken lowest first, by the proof above.
    public func cheapest(_ held: UnitMask) -> Answer {
        var statistics = Statistics()
        return cheapest(held, statistics: &statistics)
    }

    /// What one search did: the nodes it visited and the most it might (its allowance over what a node
    /// costs), over how many classes once merged for the learner and how many unions of claims that share them.
    package struct Statistics {
        package var nodes = 0, maximumNodes = 0, mergedClasses = 0, unions = 0
        package init() {}
    }

    /// ``cheapest(_:)``, telling in `statistics` what the search did.
    package func cheapest(_ held: UnitMask, statistics: inout Statistics) -> Answer {
        let n = classes.count, r = requirementCount
        // A class may be split in two for a learner (its held units and the rest): room for 2n merged classes.
        let capacity = 2 * n
        // Rows of amounts and orders: the requirements, then one per set of claims that share classes.
        let rows = r + claimCount / 2
        let ints = 4 * capacity + 4 * rows * capacity + (capacity + 1) * r + 6 * capacity + 5 * r
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: ints) { buffer in
            withUnsafeTemporaryAllocation(of: UnitMask.self, capacity: max(1, capacity)) { masks in
                let b = buffer.baseAddress!
                let start = Run(
                    requirements: r, rows: rows, capacity: capacity, ints: b, masks: masks.baseAddress!,
                    claimCount: claimCount, secondaryIsNonNegative: secondaryIsNonNegative)
                var run = start
                let answer = run.solve(self, held, allowance: allowance)
                statistics = Statistics()
                (statistics.nodes, statistics.maximumNodes, statistics.mergedClasses, statistics.unions) = (
                    run.nodes, run.maximumNodes, run.m, run.unions
                )
                return answer
            }
        }
    }

    /// One search for one learner, over the learner's merged classes, in buffers the caller owns.
    private struct Run {
        let r: Int
        /// Merged classes: how many, and per class the units not held (lowest first), their number, the cost of
        /// one, what one brings to each requirement (requirement-major), the depth at which it is decided.
        var m = 0
        let capacity: Int
        let free: UnsafeMutablePointer<UnitMask>
        let available: UnsafeMutablePointer<Int>
        let primaryCost: UnsafeMutablePointer<Int>
        let secondaryCost: UnsafeMutablePointer<Int>
        let amounts: UnsafeMutablePointer<Int>
        /// Per requirement, the classes that bring something to it, cheapest per amount first (-1 after the last).
        let byPrimary: UnsafeMutablePointer<Int>
        let bySecondary: UnsafeMutablePointer<Int>
        /// Per class, the *weighted* cost of one unit, `ratio.0 × primary − ratio.1 × secondary` with `ratio`
        /// the largest secondary over primary of any class whose primary is positive (so never negative), and
        /// per requirement the classes cheapest per amount by it; `ratio` is `nil` (and every weighted cost 0)
        /// when no class has a positive primary or some class has no such weight (a free unit with a
        /// positive secondary).
        let weightedCost: UnsafeMutablePointer<Int>
        let byWeighted: UnsafeMutablePointer<Int>
        var ratio: (Int, Int)?
        /// Claims that share classes, joined (directly or through others) into *unions*: per claim the row
        /// (past the requirements) of its union, or -1 for a claim that shares none; and, per union, what its
        /// claims need and what their own covers cost at the node being bounded (scratch). A union's row says
        /// what a unit of each class brings to the claims it may serve (the most, if they differ).
        let unionOf: UnsafeMutablePointer<Int>
        let unionNeed: UnsafeMutablePointer<Int>
        let unionPrimary: UnsafeMutablePointer<Int>
        let unionSecondary: UnsafeMutablePointer<Int>
        let unionWeighted: UnsafeMutablePointer<Int>
        var unions = 0
        /// Row `depth`: what each requirement still needs once the classes before `depth` are decided.
        let needs: UnsafeMutablePointer<Int>
        let claimCount: Int
        let secondaryIsNonNegative: Bool
        /// Per merged class: 1 for held units that must still be shared out among the claims they serve (they
        /// cost nothing and are all taken), 0 for units not held; and how many open claims one unit may serve.
        let heldClass: UnsafeMutablePointer<Int>
        let served: UnsafeMutablePointer<Int>
        /// Per class, the fewest and most units a completion may take (narrowed while the earliest set is
        /// sought), and the count chosen at each depth of the current branch, then the last completion's.
        let low: UnsafeMutablePointer<Int>
        let high: UnsafeMutablePointer<Int>
        let chosen: UnsafeMutablePointer<Int>
        var best: (primary: Int, secondary: Int)?
        /// The lower bound on the cost of any completion, at the root.
        var rootBound = (primary: 0, secondary: 0)
        var nodes = 0
        /// The most nodes this search may visit (its allowance over what a node costs).
        var maximumNodes = ClassSearch.nodeLimit

        init(
            requirements requirementCount: Int, rows: Int, capacity count: Int, ints storage: UnsafeMutablePointer<Int>,
            masks: UnsafeMutablePointer<UnitMask>,
            claimCount: Int, secondaryIsNonNegative: Bool
        ) {
            self.r = requirementCount; capacity = count; free = masks
            available = storage; primaryCost = storage + count; secondaryCost = storage + 2 * count
            amounts = storage + 3 * count; byPrimary = amounts + rows * count;
            bySecondary = byPrimary + rows * count
            byWeighted = bySecondary + rows * count
            needs = byWeighted + rows * count
            low = needs + (count + 1) * requirementCount; high = low + count; chosen = high + count
            heldClass = chosen + 2 * count; served = heldClass + count; weightedCost = served + count
            unionOf = weightedCost + count; unionNeed = unionOf + requirementCount
            unionPrimary = unionNeed + requirementCount; unionSecondary = unionPrimary + requirementCount
            unionWeighted = unionSecondary + requirementCount
            self.claimCount = claimCount; self.secondaryIsNonNegative = secondaryIsNonNegative
        }

        mutating func solve(_ search: ClassSearch, _ held: UnitMask, allowance: Int) -> Answer {
            let n = search.classes.count
            for req in 0..<r { needs[req] = search.minimums[req] }
            // Held units count (no caps or bars: counting one never hurts). Those of a class that serves one
            // claim at most count towards it at once; those that serve several are shared out by the search,
            // as a class of their own that costs nothing and is taken whole.
            func claimsServed(_ original: Int) -> Int {
                var claims = 0
                for req in 0..<claimCount where search.amounts[req * n + original] > 0 { claims += 1 }
                return claims
            }
            for j in 0..<n where claimsServed(j) < 2 {
                let heldCount = (search.classes[j].units & held).count
                if heldCount > 0 { for req in 0..<r { needs[req] -= heldCount * search.amounts[req * n + j] } }
            }
            var open = false
            for req in 0..<r { if needs[req] <= 0 { needs[req] = 0 } else { open = true } }
            if !open { return .solved(AssignmentProgram.Solution()) }
            // Merge the classes that are interchangeable for the requirements still open.
            func add(_ units: UnitMask, _ original: Int, primary: Int, secondary: Int, isHeld: Int) {
                if units.isEmpty { return }
                var helps = false
                for req in 0..<r where needs[req] > 0 && search.amounts[req * n + original] > 0 { helps = true; break }
                if !helps { return }
                var into = -1
                find: for k in 0..<m
                where primaryCost[k] == primary && secondaryCost[k] == secondary && heldClass[k] == isHeld {
                    for req in 0..<r
                    where needs[req] > 0 && amounts[req * capacity + k] != search.amounts[req * n + original] {
                        continue find
                    }
                    into = k
                    break
                }
                if into < 0 {
                    into = m; m += 1
                    free[into] = UnitMask(); available[into] = 0
                    primaryCost[into] = primary; secondaryCost[into] = secondary; heldClass[into] = isHeld
                    for req in 0..<r {
                        amounts[req * capacity + into] = needs[req] > 0 ? search.amounts[req * n + original] : 0
                    }
                }
                free[into] = free[into] | units
                available[into] += units.count
            }
            for j in 0..<n {
                let c = search.classes[j]
                if claimsServed(j) >= 2 { add(c.units & held, j, primary: 0, secondary: 0, isHeld: 1) }
                add(c.units - held, j, primary: c.primary, secondary: c.secondary, isHeld: 0)
            }
            // The weighted cost: secondary over primary at its largest for a class that costs something.
            ratio = nil
            for k in 0..<m { weightedCost[k] = 0 }
            for k in 0..<m where primaryCost[k] > 0 {
                if let (a, b) = ratio, secondaryCost[k] * b <= a * primaryCost[k] { continue }
                ratio = (secondaryCost[k], primaryCost[k])
            }
            if let (a, b) = ratio {
                for k in 0..<m {
                    weightedCost[k] = a * primaryCost[k] - b * secondaryCost[k]
                    if weightedCost[k] < 0 { ratio = nil }
                }
            }
            sortClasses()
            for k in 0..<m {
                served[k] = 0
                for req in 0..<claimCount where amounts[req * capacity + k] > 0 { served[k] += 1 }
            }
            joinClaims()
            for req in 0..<(r + unions) {
                order(req, byPrimary, primaryCost)
                order(req, bySecondary, secondaryCost)
                if ratio != nil { order(req, byWeighted, weightedCost) }
            }
            for k in 0..<m { low[k] = heldClass[k] == 1 ? available[k] : 0; high[k] = available[k] }
            // A node's bounds work out at most 3 × (r + unions) × m terms (primary, secondary, weighted).
            maximumNodes = min(
                ClassSearch.nodeLimit, max(ClassSearch.minimumNodes, allowance / max(1, 3 * (r + unions) * m)))
            guard let root = bound(depth: 0) else { return .impossible }
            rootBound = root
            // First the least cost, then, at that cost, the set that comes first.
            guard let cost = leastCost() else { return nodes > maximumNodes ? .gaveUp : .impossible }
            guard earliestSet(at: cost) else { return .gaveUp }
            var solution = AssignmentProgram.Solution()
            solution.primary = cost.primary; solution.secondary = cost.secondary
            for k in 0..<m where heldClass[k] == 0 {
                var left = witness[k]
                free[k].forEach { u in if left > 0 { solution.added.insert(u); left -= 1 } }
            }
            return .solved(solution)
        }

        /// Joins the claims that share a class into unions, each with a row of amounts after the requirements'.
        ///
        /// Why a union bounds. The units that serve a union's claims each count towards one of them and bring
        /// it at most the row's amount, so together they bring at least the sum of the claims' needs: the
        /// cheapest cover of that sum by the union's classes is a lower bound on what they cost. The claims'
        /// own covers, added up, may take one unit for two claims (a shared class of one unit covering both
        /// halves of a need); the union's cannot, which the search needs when the shared classes run short.
        private mutating func joinClaims() {
            // Union-find over the claims, each class that serves several joining them.
            let parent = unionOf
            for q in 0..<claimCount { parent[q] = q }
            func root(_ claim: Int) -> Int { var x = claim; while parent[x] != x { x = parent[x] }; return x }
            var shared = false
            for k in 0..<m where served[k] > 1 {
                shared = true
                var first = -1
                for q in 0..<claimCount where amounts[q * capacity + k] > 0 {
                    let x = root(q)
                    if first < 0 {
                        first = x
                    } else if x != first {
                        parent[max(x, first)] = min(x, first); first = min(x, first)
                    }
                }
            }
            unions = 0
            guard shared else {
                for q in 0..<claimCount { unionOf[q] = -1 }
                return
            }
            // Roots first (a root is its claims' lowest index), then each claim its root's union.
            for q in 0..<claimCount { parent[q] = root(q) }
            for q in 0..<claimCount where parent[q] == q {
                var size = 0
                for x in q..<claimCount where parent[x] == q { size += 1 }
                if size < 2 { continue }
                let row = amounts + (r + unions) * capacity
                for k in 0..<m {
                    row[k] = 0
                    for x in q..<claimCount where parent[x] == q { row[k] = max(row[k], amounts[x * capacity + k]) }
                }
                // Mark the root's claims with the union's number, negated past -1 until all are done.
                for x in q..<claimCount where parent[x] == q { parent[x] = -2 - unions }
                unions += 1
            }
            for q in 0..<claimCount { unionOf[q] = parent[q] <= -2 ? -2 - parent[q] : -1 }
        }

        /// Puts the merged classes in search order: the heaviest by weighted cost first (where there is one),
        /// then the cheapest, then those that bring the most, then by their first unit (an insertion sort:
        /// there are a few dozen at most). A search for a given cost has little weighted cost to spend (with
        /// units and credits, the few credits its units may fall short of the most a unit has), so deciding
        /// the classes that spend it first leaves a few branches, each ending in classes that weigh nothing,
        /// which the bounds settle; the other way round, every mix of the weightless classes was tried before
        /// the shortfall showed (diploma-300: 1.9 s of CPU for 200 learners' `next`, 0.4 s this way, the
        /// pack's load included).
        private func sortClasses() {
            func before(_ left: Int, _ right: Int) -> Bool {
                if ratio != nil && weightedCost[left] != weightedCost[right] {
                    return weightedCost[left] > weightedCost[right]
                }
                if primaryCost[left] != primaryCost[right] { return primaryCost[left] < primaryCost[right] }
                var bx = 0, by = 0
                for req in 0..<r { bx += amounts[req * capacity + left]; by += amounts[req * capacity + right] }
                if bx != by { return bx > by }
                return (free[left].first ?? 0) < (free[right].first ?? 0)
            }
            func swapClasses(_ left: Int, _ right: Int) {
                swap(&free[left], &free[right]); swap(&available[left], &available[right])
                swap(&primaryCost[left], &primaryCost[right]); swap(&secondaryCost[left], &secondaryCost[right])
                swap(&heldClass[left], &heldClass[right]); swap(&weightedCost[left], &weightedCost[right])
                for req in 0..<r { swap(&amounts[req * capacity + left], &amounts[req * capacity + right]) }
            }
            guard m > 1 else { return }
            for i in 1..<m {
                var k = i
                while k > 0 && before(k, k - 1) { swapClasses(k, k - 1); k -= 1 }
            }
        }

        /// Fills `order`'s row for `req` with the classes that bring something to it, cheapest per amount
        /// first by `cost`.
        private func order(_ req: Int, _ order: UnsafeMutablePointer<Int>, _ cost: UnsafeMutablePointer<Int>) {
            let row = order + req * capacity
            var count = 0
            for k in 0..<m where amounts[req * capacity + k] > 0 {
                // Insert k keeping the row sorted: a/b < c/d ⟺ a·d < c·b (amounts are positive).
                var at = count
                while at > 0 {
                    let o = row[at - 1]
                    if cost[k] * amounts[req * capacity + o] >= cost[o] * amounts[req * capacity + k] { break }
                    row[at] = o
                    at -= 1
                }
                row[at] = k
                count += 1
            }
            if count < capacity { row[count] = -1 }
        }

        /// Lower bounds on the primary and secondary cost still to add from classes `depth…` (each at most its
        /// ``high`` count) to meet the needs of row `depth`; `nil` when those classes cannot meet them.
        func bound(depth: Int) -> (primary: Int, secondary: Int)? {
            let row = needs + depth * r
            var claimsPrimary = 0, claimsSecondary = 0, primary = 0, secondary = 0
            for u in 0..<unions { unionNeed[u] = 0; unionPrimary[u] = 0; unionSecondary[u] = 0 }
            for req in 0..<r where row[req] > 0 {
                guard let p = cover(row[req], req, byPrimary, primaryCost, depth: depth) else { return nil }
                let s = secondaryIsNonNegative ? cover(row[req], req, bySecondary, secondaryCost, depth: depth) ?? 0 : 0
                // A unit counts towards one claim at most, so the claims' bounds add up (even where groups
                // share units: split a completion by the claim each unit serves, and each part costs at least
                // its claim's cover); the total and the floors each bound alone.
                if req < claimCount {
                    claimsPrimary += p; claimsSecondary += s
                    let u = unionOf[req]
                    if u >= 0 { unionNeed[u] += row[req]; unionPrimary[u] += p; unionSecondary[u] += s }
                } else {
                    primary = max(primary, p); secondary = max(secondary, s)
                }
            }
            // A union of claims costs at least its cover (``joinClaims()``), where that is more than its
            // claims' own covers added up.
            for u in 0..<unions where unionNeed[u] > 0 {
                guard let p = cover(unionNeed[u], r + u, byPrimary, primaryCost, depth: depth) else { return nil }
                claimsPrimary += max(0, p - unionPrimary[u])
                if secondaryIsNonNegative {
                    let s = cover(unionNeed[u], r + u, bySecondary, secondaryCost, depth: depth) ?? 0
                    claimsSecondary += max(0, s - unionSecondary[u])
                }
            }
            primary = max(primary, claimsPrimary)
            secondary = max(secondary, claimsSecondary)
            if !secondaryIsNonNegative {
                // Each remaining class can lower the secondary cost by at most all its units' costs.
                secondary = 0
                for k in depth..<m where secondaryCost[k] < 0 { secondary += secondaryCost[k] * high[k] }
            }
            return (primary, secondary)
        }

        /// A lower bound on the weighted cost (``weightedCost``) still to add from classes `depth…` to meet
        /// the needs of row `depth`, as ``bound(depth:)`` does for the primary cost; `nil` when those classes
        /// cannot meet them.
        func weightedBound(depth: Int) -> Int? {
            let row = needs + depth * r
            var claims = 0, others = 0
            for u in 0..<unions { unionNeed[u] = 0; unionWeighted[u] = 0 }
            for req in 0..<r where row[req] > 0 {
                guard let w = cover(row[req], req, byWeighted, weightedCost, depth: depth) else { return nil }
                if req < claimCount {
                    claims += w
                    let u = unionOf[req]
                    if u >= 0 { unionNeed[u] += row[req]; unionWeighted[u] += w }
                } else {
                    others = max(others, w)
                }
            }
            for u in 0..<unions where unionNeed[u] > 0 {
                guard let w = cover(unionNeed[u], r + u, byWeighted, weightedCost, depth: depth) else { return nil }
                claims += max(0, w - unionWeighted[u])
            }
            return max(claims, others)
        }

        /// A lower bound on the secondary cost that classes `depth…` can add for at most `primaryLeft` of
        /// primary cost: Σ s ≥ (min s/p) · Σ p ≥ (min s/p) · `primaryLeft` when that ratio is negative and
        /// every primary cost positive (otherwise `Int.min`: no bound).
        private func ratioBound(depth: Int, primaryLeft: Int) -> Int {
            var bound = 0
            for k in depth..<m where secondaryCost[k] < 0 && high[k] > 0 {
                guard primaryCost[k] > 0 else { return Int.min }
                let q = secondaryCost[k] * max(0, primaryLeft)
                // Floor division (q ≤ 0).
                bound = min(bound, q >= 0 ? q / primaryCost[k] : -((-q + primaryCost[k] - 1) / primaryCost[k]))
            }
            return bound
        }

        /// The least cost of `need` of requirement `req` from classes `depth…`, allowing part of a unit (so a
        /// lower bound), rounded up; `nil` when they cannot bring that much.
        private func cover(
            _ need: Int, _ req: Int, _ order: UnsafeMutablePointer<Int>, _ cost: UnsafeMutablePointer<Int>,
            depth: Int
        ) -> Int? {
            let row = order + req * capacity
            var left = need, total = 0
            for i in 0..<m {
                let k = row[i]
                if k < 0 { break }
                if k < depth { continue }
                let a = amounts[req * capacity + k]
                let brought = a * high[k]
                if brought >= left { return total + (cost[k] * left + a - 1) / a }
                total += cost[k] * high[k]
                left -= brought
            }
            return nil
        }

        /// The least (primary, secondary) cost of a completion within the classes' bounds, with the counts of
        /// one such completion in ``witness``; `nil` when there is none or the search gave up.
        mutating func leastCost() -> (primary: Int, secondary: Int)? {
            // A completion at the root's lower bound is the least there is: looked for first, with the bounds
            // a target allows (the weighted one above all). Not where secondary costs may be negative: the
            // root's secondary bound is then every negative cost taken, which a completion seldom reaches
            // (the analysis's most hours: the search for it was wasted).
            best = nil
            if secondaryIsNonNegative {
                if visit(depth: 0, primary: 0, secondary: 0, target: rootBound) { return rootBound }
                if nodes > maximumNodes { return nil }
            }
            best = nil
            _ = visit(depth: 0, primary: 0, secondary: 0, target: nil)
            return nodes > maximumNodes ? nil : best
        }

        /// Narrows the classes' bounds to the completion at `cost` that comes first: the one whose highest unit
        /// is lowest, then the next highest, … Unit by unit from the highest, a unit is left out when some
        /// completion at that cost does without it (the ``witness`` so far, or a new one found by a search
        /// that stops at the first), and kept otherwise. A class's units are taken lowest first, so leaving
        /// out its unit of rank *t* caps the class at *t* − 1 units, and keeping it means at least *t*.
        /// Returns `false` when a search gave up.
        mutating func earliestSet(at cost: (primary: Int, secondary: Int)) -> Bool {
            // Units from the highest: at most 512, so a pass over the masks' words from the top.
            var word = UnitMask.words - 1
            while word >= 0 {
                var bits: UInt64 = 0
                for k in 0..<m { bits |= free[k][word: word] }
                while bits != 0 {
                    let bit = 63 - bits.leadingZeroBitCount
                    bits &= ~(UInt64(1) << UInt64(bit))
                    let u = word << 6 + bit
                    var k = 0
                    while !free[k].contains(u) { k += 1 }
                    // The unit's rank in its class, counting from 1.
                    var rank = 0
                    free[k].forEach { v in if v <= u { rank += 1 } }
                    if rank > high[k] || rank <= low[k] { continue }
                    if witness[k] < rank { high[k] = rank - 1; continue }
                    high[k] = rank - 1
                    best = nil
                    if visit(depth: 0, primary: 0, secondary: 0, target: cost) { continue }
                    if nodes > maximumNodes { return false }
                    high[k] = rank
                    low[k] = rank
                }
                word -= 1
            }
            return true
        }

        /// Counts of the classes in the completion found last.
        var witness: UnsafeMutablePointer<Int> { chosen + capacity }

        /// Visits the choices for class `depth` on: with no `target`, looking for a completion that costs
        /// less than ``best``; with one, for any completion that costs exactly `target`, stopping at the
        /// first (returns whether it found one).
        mutating func visit(depth: Int, primary: Int, secondary: Int, target: (primary: Int, secondary: Int)?) -> Bool {
            nodes += 1
            if nodes > maximumNodes { return false }
            let row = needs + depth * r
            var met = true
            for req in 0..<r where row[req] > 0 { met = false; break }
            if met {
                // The classes after `depth` take their least.
                var p = primary, s = secondary
                for k in depth..<m { chosen[k] = low[k]; p += low[k] * primaryCost[k]; s += low[k] * secondaryCost[k] }
                if let t = target {
                    guard p == t.primary && s == t.secondary else { return false }
                } else if let b = best, (p, s) >= (b.primary, b.secondary) {
                    return false
                }
                best = (p, s)
                witness.update(from: chosen, count: m)
                return target != nil
            }
            if depth == m { return false }
            guard let (lp, boundS) = bound(depth: depth) else { return false }
            var ls = boundS
            if !secondaryIsNonNegative, let reference = target ?? best {
                // Negative secondary costs (most hours first): at a tie on the primary cost the classes left
                // can add at most the primary cost still unspent, so at most that times their best ratio.
                ls = max(ls, ratioBound(depth: depth, primaryLeft: reference.primary - primary))
            }
            let p = primary + lp, s = secondary + ls
            if let t = target, let (a, b) = ratio {
                // A completion at the target has exactly its weighted cost; what is taken so far plus a lower
                // bound on the rest must not pass it. (Where the least primary cost fixes the secondary,
                // say 15 units for 90 credits with at most 6 a unit, only the 6-credit units weigh nothing,
                // which the primary and secondary bounds alone cannot tell.)
                guard let w = weightedBound(depth: depth),
                    a * primary - b * secondary + w <= a * t.primary - b * t.secondary
                else { return false }
            }
            if let t = target {
                // Completions at the least cost have exactly its primary and its secondary: a branch whose
                // secondary bound alone passes the target's has none, whatever its primary bound.
                if p > t.primary || s > t.secondary { return false }
            } else if let b = best, (p, s) >= (b.primary, b.secondary) {
                return false
            }
            // How many units of this class can still help: none beyond what the neediest of the total and the
            // floors asks for, or what its claims ask for together (one unit counts towards one claim); within
            // the class's bounds. (More, and some claim would have a unit it does not need while the total and
            // floors would be met without one: the class's units are alike, so one fewer does as well.)
            var useful = 0, claimUnits = 0
            for req in 0..<r where row[req] > 0 {
                let a = amounts[req * capacity + depth]
                guard a > 0 else { continue }
                if req < claimCount {
                    claimUnits += (row[req] + a - 1) / a
                } else {
                    useful = max(useful, (row[req] + a - 1) / a)
                }
            }
            useful = max(useful, claimUnits)
            let nextRow = row + r
            var top = max(low[depth], min(useful, high[depth]))
            if let t = target, let (a, b) = ratio, weightedCost[depth] > 0 {
                // Every unit weighs at least nothing: no more of this class than the weighted cost left.
                let left = a * t.primary - b * t.secondary - (a * primary - b * secondary)
                top = min(top, max(low[depth], left / weightedCost[depth]))
            }
            var count = top
            while count >= low[depth] {
                for req in 0..<r { nextRow[req] = max(0, row[req] - count * amounts[req * capacity + depth]) }
                chosen[depth] = count
                let found =
                    served[depth] > 1
                    ? share(
                        depth: depth, from: 0, left: count, primary: primary + count * primaryCost[depth],
                        secondary: secondary + count * secondaryCost[depth], target: target)
                    : visit(
                        depth: depth + 1, primary: primary + count * primaryCost[depth],
                        secondary: secondary + count * secondaryCost[depth], target: target)
                if found { return true }
                if nodes > maximumNodes { return false }
                count -= 1
            }
            return false
        }

        /// Shares `left` units of class `depth`, which serves several open claims, among its claims from
        /// requirement `from` on, then visits the next class with what each claim then needs (row `depth + 1`;
        /// the total and the floors are already set). Each claim but the last takes no more units than it
        /// needs: a unit beyond that does nothing for it, and given to the last claim instead it can only
        /// lower what that one needs, so the shares left out are no better than one that is searched.
        private mutating func share(
            depth: Int, from first: Int, left: Int, primary: Int, secondary: Int,
            target: (primary: Int, secondary: Int)?
        ) -> Bool {
            let row = needs + depth * r, nextRow = row + r
            func serves(_ req: Int) -> Bool { amounts[req * capacity + depth] > 0 }
            var req = first
            while req < claimCount && !serves(req) { req += 1 }
            if req == claimCount {
                return visit(depth: depth + 1, primary: primary, secondary: secondary, target: target)
            }
            var later = req + 1
            while later < claimCount && !serves(later) { later += 1 }
            let a = amounts[req * capacity + depth]
            if later == claimCount {
                nextRow[req] = max(0, row[req] - left * a)
                return visit(depth: depth + 1, primary: primary, secondary: secondary, target: target)
            }
            var take = min(left, (row[req] + a - 1) / a)
            while take >= 0 {
                nextRow[req] = max(0, row[req] - take * a)
                if share(
                    depth: depth, from: later, left: left - take, primary: primary, secondary: secondary,
                    target: target)
                {
                    return true
                }
                if nodes > maximumNodes { return false }
                take -= 1
            }
            return false
        }
    }
}
