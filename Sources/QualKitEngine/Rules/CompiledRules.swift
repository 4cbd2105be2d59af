/// The plain half of a ``CompiledQualification``: numbers, masks and pointers into its owner's storage.
/// Valid while the owner lives (the ``Evaluator`` keeps its compiled qualifications for its lifetime).
public struct CompiledRules: @unchecked Sendable { // immutable; points into storage that never changes
    /// A requirement that units are assigned to; each unit counts towards at most one of them.
    public struct Claim: Sendable {
        public enum Measure: Sendable { case credits, units }
        public var units: UnitMask
        public var minimum: Int
        public var measure: Measure
        /// Index into ``CompiledQualification/groups``.
        public var group: Int

        public init(units: UnitMask, minimum: Int, measure: Measure, group: Int) {
            self.units = units
            self.minimum = minimum
            self.measure = measure
            self.group = group
        }
    }

    /// An upper bound on credits counted from a set of units.
    public struct Cap: Sendable {
        public var units: UnitMask
        public var maximum: Int
        /// Index into ``CompiledQualification/capRules``: the rule that says what an exceeded cap means.
        public var rule: Int
        /// The code of the unmet requirement when the mandatory units alone exceed the cap: its number in
        /// the model (``ShortfallCodes``).
        public var code: UInt8

        public init(units: UnitMask, maximum: Int, rule: Int, code: UInt8) {
            self.units = units
            self.maximum = maximum
            self.rule = rule
            self.code = code
        }
    }

    /// Minimum credits from units at or above a level.
    public struct LevelFloor: Sendable {
        public var units: UnitMask
        public var minimum: Int
        /// The floor's level as its owner numbers it (an index into the compiled qualification's levels).
        public var level: Int

        public init(units: UnitMask, minimum: Int, level: Int) {
            self.units = units
            self.minimum = minimum
            self.level = level
        }
    }

    /// One complete way of meeting every rule.
    public struct Path: @unchecked Sendable {
        public let mandatory: UnitMask
        @usableFromInline package let claims: UnsafeBufferPointer<Claim>
        @usableFromInline package let caps: UnsafeBufferPointer<Cap>
        public let minimumCredits: Int
        @usableFromInline package let levelFloors: UnsafeBufferPointer<LevelFloor>
        @usableFromInline package let barred: UnsafeBufferPointer<UnitMask>
        /// Units that can count on this path.
        public let relevant: UnitMask
        /// No unit sits in two claims (or in a claim and the mandatory set), and there are no caps or bars:
        /// every relevant unit can simply count, and the check is a handful of mask operations.
        public let isSimple: Bool
        /// The exact assignment for everything else, and for completions.
        public let program: AssignmentProgram
        /// The path's units in classes of interchangeable ones, for its completions (`nil` when the path has
        /// caps or bars).
        public let classes: ClassSearch?
        /// For a path with no caps or bars whose groups share units: the decision by sums and a small search over
        /// the held shared units (`nil` otherwise, or when that search could be large: the programme decides).
        public let sharing: SharedClaims?

        public init(
            _ draft: PathDraft, credits: [Int], _ storage: PlainStorage, limits: SearchLimits
        ) {
            mandatory = draft.mandatory; minimumCredits = draft.minimumCredits; relevant = draft.relevant
            claims = storage.copy(draft.claims); caps = storage.copy(draft.caps)
            levelFloors = storage.copy(draft.levelFloors); barred = storage.copy(draft.barred)
            var seen = draft.mandatory
            var simple = draft.caps.isEmpty && draft.barred.isEmpty
            for c in draft.claims {
                if !(seen & c.units).isEmpty { simple = false }
                seen = seen | c.units
            }
            isSimple = simple
            sharing = simple ? nil : SharedClaims(path: draft, credits: credits, storage: storage)
            program = AssignmentProgram(
                mandatory: draft.mandatory, claims: draft.claims, caps: draft.caps,
                minimumCredits: draft.minimumCredits,
                levelFloors: draft.levelFloors, barred: draft.barred, relevant: draft.relevant, credits: credits,
                storage: storage, limits: limits)
            classes =
                draft.caps.isEmpty && draft.barred.isEmpty
                ? ClassSearch(
                    path: draft, credits: credits, weights: ([Int](repeating: 1, count: credits.count), credits),
                    programSteps: program.cost.steps, storage: storage)
                : nil
        }
    }

    /// Local index → credits / minimum supervised practice hours (0: none) / index in the evaluator's
    /// global unit table.
    @usableFromInline package let credits: UnsafeBufferPointer<Int>
    @usableFromInline package let minimumHours: UnsafeBufferPointer<Double>
    @usableFromInline package let globalIndex: UnsafeBufferPointer<Int>
    /// Local index → 1: the weight of a unit when completions count units.
    @usableFromInline package let unitWeights: UnsafeBufferPointer<Int>
    /// 64-bit words that the qualification's unit indexes need.
    public let words: Int
    @usableFromInline package let paths: UnsafeBufferPointer<Path>
    /// Delivery and validity as plain numbers (`nil` where the qualification states none).
    public let minimumInduction: Double?
    public let minimumTutorial: Double?
    /// The first and last days of registration as day numbers: the qualification's operational start
    /// (`Int32.min`: none) and this version's registration end (`Int32.max`: none). Two 32-bit words
    /// where two optionals took 32 bytes: this struct is copied for every result (see `hasEquivalences`).
    public let registrationStart: Int32
    public let registrationEnd: Int32
    public let certificationEndDay: Int?
    public let completionYears: Int?
    /// Whether a unit of another class member may count for one of the qualification's units
    /// (``CompiledQualification/equivalences``). Placed in the padding after `completionYears`: this
    /// struct is copied for every result, and at 184 bytes the copy is a few vector moves, at 200 a
    /// `memcpy` call (about 10% of a table run).
    public let hasEquivalences: Bool
    /// The decision for every set of held units, indexed by the set's bits, when the qualification has few
    /// units and simple rules (``DecisionTable/tabulates(_:unitCount:)``); empty otherwise.
    @usableFromInline package var table = UnsafeBufferPointer<DecisionTable.Entry>(start: nil, count: 0)

    public init(
        credits: UnsafeBufferPointer<Int>, minimumHours: UnsafeBufferPointer<Double>,
        globalIndex: UnsafeBufferPointer<Int>, unitWeights: UnsafeBufferPointer<Int>, words: Int,
        paths: UnsafeBufferPointer<Path>, minimumInduction: Double?, minimumTutorial: Double?,
        registrationStart: Int32, registrationEnd: Int32, certificationEndDay: Int?, completionYears: Int?,
        hasEquivalences: Bool
    ) {
        self.credits = credits
        self.minimumHours = minimumHours
        self.globalIndex = globalIndex
        self.unitWeights = unitWeights
        self.words = words
        self.paths = paths
        self.minimumInduction = minimumInduction
        self.minimumTutorial = minimumTutorial
        self.registrationStart = registrationStart
        self.registrationEnd = registrationEnd
        self.certificationEndDay = certificationEndDay
        self.completionYears = completionYears
        self.hasEquivalences = hasEquivalences
    }

    /// The qualification's operational start, or `nil` when it states none.
    public var registrationStartDay: Int? { registrationStart == Int32.min ? nil : Int(registrationStart) }
    /// The registration end date, or `nil` when the qualification states none.
    public var registrationEndDay: Int? { registrationEnd == Int32.max ? nil : Int(registrationEnd) }

    /// Whether a counted unit's date can fail the qualification (a certification end or a completion
    /// window), so that which held unit counts may matter.
    public var hasDateLimit: Bool { certificationEndDay != nil || completionYears != nil }

    @inlinable @inline(__always)
    public func creditSum(_ mask: UnitMask) -> Int {
        let c = credits
        var s = 0
        var w = mask.w0
        while w != 0 { s &+= c[w.trailingZeroBitCount]; w &= w &- 1 }
        if mask.hasHighWords {
            for k in 1..<UnitMask.words {
                w = mask[word: k]
                while w != 0 { s &+= c[k << 6 + w.trailingZeroBitCount]; w &= w &- 1 }
            }
        }
        return s
    }

    @inlinable @inline(__always)
    public func measure(_ mask: UnitMask, _ measure: Claim.Measure) -> Int {
        measure == .credits ? creditSum(mask) : mask.count
    }
}

/// A path while the rules are being expanded into paths (the model's rule kinds fill it in).
public struct PathDraft {
    public init() {}

    public var routeIDs: [String] = []
    public var mandatory = UnitMask()
    public var claims: [CompiledRules.Claim] = []
    public var caps: [CompiledRules.Cap] = []
    public var minimumCredits = 0
    public var levelFloors: [CompiledRules.LevelFloor] = []
    public var barred: [UnitMask] = []
    public var relevant = UnitMask()
}
