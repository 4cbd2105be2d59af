/// Deciding a path with no caps or bars whose groups share units: sums, then a search over the held units
/// that lie in several groups, and nothing else.
///
/// **Why sums decide almost all of it.** On a path with no caps and no bars every requirement is a minimum,
/// and counting a held unit never takes anything from a requirement (see ``ClassSearch``: every held unit
/// counts). So:
/// - the total and each level floor are met exactly when the credits of the relevant held units reach them,
///   whichever claims those units serve (every counted unit counts towards them);
/// - a held unit that lies in one claim only, and is not mandatory, serves that claim in some best way of
///   counting: moving it there from nowhere only raises that claim's sum and takes from no other requirement
///   (mandatory units count as mandatory, never towards a claim, as in ``AssignmentProgram``);
/// - what is left is to share out the held units that lie in several claims, so that each claim reaches what
///   its own units leave it short of. Shared units that lie in the same claims with the same credits are
///   interchangeable for that question, so the search is over classes with counts: how many units of each
///   class go to each claim it serves.
///
/// **The search.** Class by class, the held units of a class are split among its claims still open; every
/// claim but the last takes no more units than it still needs (a unit beyond that does nothing for it, and
/// given to the last claim instead it can only help), and a branch stops as soon as what the classes left
/// can bring to some open claim falls short of it. A split of *n* units among *s* claims is one of
/// C(*n* + *s* − 1, *s* − 1) (the compositions of at most *n* into *s* − 1 parts, the last claim taking the
/// rest), so a search visits at most the product of these over the classes (``leaves``) leaves, each at
/// the end of one branch through the classes. It is worked out when the path is compiled; a path where it
/// passes ``maximumLeaves`` is decided by its programme instead, whose cost the limits bound.
/// `SharedClaimsTests` pins the decision to the programme over random paths and held sets.
public struct SharedClaims: @unchecked Sendable { // plain values and pointers into its owner's storage
    /// Held units of the same claims and credits: interchangeable for the sharing.
    public struct UnitClass {
        public var units: UnitMask
        /// Bit *k*: the class's units lie in claim *k*.
        public var claims: UInt64
        public var credits: Int
    }

    /// The largest search accepted: above it, the path's programme decides.
    public static let maximumLeaves = 4_096

    /// Per claim, its units that lie in no other claim and are not mandatory.
    @usableFromInline package let exclusive: UnsafeBufferPointer<UnitMask>
    @usableFromInline package let classes: UnsafeBufferPointer<UnitClass>
    /// The most leaves a search can visit (the product over classes of the ways to split them).
    public let leaves: Int

    /// The sharing for a path with claims `claims` and mandatory units `mandatory`, or `nil` when the path has
    /// caps or bars, no unit in two claims, more than 64 claims, or a search that could pass ``maximumLeaves``.
    public init?(path draft: PathDraft, credits: [Int], storage: PlainStorage) {
        guard draft.caps.isEmpty, draft.barred.isEmpty, draft.claims.count <= 64 else { return nil }
        let claims = draft.claims
        var exclusive: [UnitMask] = []
        var shared = UnitMask()
        for (k, c) in claims.enumerated() {
            var others = UnitMask()
            for (j, o) in claims.enumerated() where j != k { others = others | o.units }
            exclusive.append(c.units - others - draft.mandatory)
            shared = shared | ((c.units & others) - draft.mandatory)
        }
        guard !shared.isEmpty else { return nil }
        var classes: [UnitClass] = []
        shared.forEach { u in
            var bits: UInt64 = 0
            for (k, c) in claims.enumerated() where c.units.contains(u) { bits |= 1 << UInt64(k) }
            if let j = classes.firstIndex(where: { $0.claims == bits && $0.credits == credits[u] }) {
                classes[j].units.insert(u)
            } else {
                var m = UnitMask()
                m.insert(u)
                classes.append(UnitClass(units: m, claims: bits, credits: credits[u]))
            }
        }
        var leaves = 1
        for c in classes {
            let ways = Self.compositions(c.units.count, into: c.claims.nonzeroBitCount)
            let (product, overflow) = leaves.multipliedReportingOverflow(by: ways)
            if overflow || product > Self.maximumLeaves { return nil }
            leaves = product
        }
        self.exclusive = storage.copy(exclusive)
        self.classes = storage.copy(classes)
        self.leaves = leaves
    }

    /// C(`count` + `parts` − 1, `parts` − 1), or `Int.max` past ``maximumLeaves``.
    private static func compositions(_ count: Int, into parts: Int) -> Int {
        var ways = 1
        for i in 1..<max(parts, 1) {
            ways = ways * (count + i) / i
            if ways > maximumLeaves { return Int.max }
        }
        return ways
    }
}

extension CompiledRules {
    /// ``satisfy(_:with:_:)`` for a path with a ``SharedClaims``: the units counted, or `nil` when the path
    /// cannot be met.
    ///
    /// - Complexity: O(*c*) mask operations for *c* claims, plus a search of at most ``SharedClaims/leaves``
    ///   leaves over the held shared units.
    public func sharedSatisfy(_ path: Path, _ sharing: SharedClaims, with held: UnitMask) -> UnitMask? {
        guard path.mandatory.isSubset(of: held) else { return nil }
        let avail = held & path.relevant
        if path.minimumCredits > 0, creditSum(avail) < path.minimumCredits { return nil }
        for f in path.levelFloors where creditSum(avail & f.units) < f.minimum { return nil }
        let claimCount = path.claims.count, classCount = sharing.classes.count
        // Per claim what its own units leave it short of; per class its held units; per class (and past the
        // last) and claim what the classes from there on can bring.
        let size = claimCount + classCount + (classCount + 1) * claimCount
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: size) {
            buffer in
            let needs = buffer.baseAddress!, counts = needs + claimCount, supply = counts + classCount
            var open = false
            for k in 0..<claimCount {
                let c = path.claims[k]
                needs[k] = c.minimum - measure(avail & sharing.exclusive[k], c.measure)
                if needs[k] > 0 { open = true }
            }
            if !open { return avail }
            for j in 0..<classCount { counts[j] = (sharing.classes[j].units & held).count }
            for k in 0..<claimCount { supply[classCount * claimCount + k] = 0 }
            var j = classCount - 1
            while j >= 0 {
                let c = sharing.classes[j]
                for k in 0..<claimCount {
                    let one = path.claims[k].measure == .credits ? c.credits : 1
                    let brings = c.claims & (1 << UInt64(k)) != 0 ? counts[j] * one : 0
                    supply[j * claimCount + k] = supply[(j + 1) * claimCount + k] + brings
                }
                j -= 1
            }
            var split = Sharing(
                claims: path.claims, classes: sharing.classes, needs: needs, counts: counts, supply: supply)
            return split.place(0) ? avail : nil
        }
    }
}

/// One search of ``SharedClaims``, in buffers its caller owns.
private struct Sharing {
    let claims: UnsafeBufferPointer<CompiledRules.Claim>
    let classes: UnsafeBufferPointer<SharedClaims.UnitClass>
    let needs: UnsafeMutablePointer<Int>
    let counts: UnsafeMutablePointer<Int>
    let supply: UnsafeMutablePointer<Int>

    /// Whether classes `first…` can meet what the claims still need.
    mutating func place(_ first: Int) -> Bool {
        var open = false
        for k in 0..<claims.count where needs[k] > 0 {
            if supply[first * claims.count + k] < needs[k] { return false }
            open = true
        }
        if !open { return true }
        // Open needs with supply left imply a class left (the supply past the last class is zero).
        return split(first, claims: classes[first].claims, left: counts[first])
    }

    /// Shares `left` units of class `index` among its claims in `bits` still open, then places the classes after.
    private mutating func split(_ index: Int, claims bits: UInt64, left: Int) -> Bool {
        var rest = bits
        while rest != 0 && needs[rest.trailingZeroBitCount] <= 0 { rest &= rest &- 1 }
        if rest == 0 || left == 0 { return place(index + 1) }
        let k = rest.trailingZeroBitCount
        rest &= rest &- 1
        let one = claims[k].measure == .credits ? classes[index].credits : 1
        // Units of no credits bring nothing to a credit claim (a pack cannot declare them; the API can).
        if one <= 0 { return split(index, claims: rest, left: left) }
        let old = needs[k]
        var take = rest == 0 ? left : min(left, (old + one - 1) / one)
        while take >= 0 {
            needs[k] = old - take * one
            if split(index, claims: rest, left: left - take) {
                needs[k] = old
                return true
            }
            if rest == 0 { break } // the last claim takes all that is left
            take -= 1
        }
        needs[k] = old
        return false
    }
}
