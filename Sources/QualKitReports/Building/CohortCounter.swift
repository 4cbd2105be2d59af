import QualKitEngine
import Synchronization
import QualKitCore
import QualKitLearners

/// The worksheets written so far, shared by the caller that writes them with the workers that build
/// results for them: once the selection's limit is reached, workers stop building results (a worker may
/// read a count a batch old, and then builds a few that are not written).
final class WorksheetCount: Sendable {
    private let written = Atomic<Int>(0)
    var value: Int { written.load(ordering: .relaxed) }
    func add(_ count: Int) { written.add(count, ordering: .relaxed) }
}

/// An unmet requirement as a worker counts it: its code and what it names, as the engine's indexes into
/// the qualification version (the slot) it belongs to. Packed into one word (with the barred units beside
/// it, rare), so that counting hashes and compares one integer.
struct OutcomeKey: Hashable, Sendable {
    /// The code's index, the subject's kind (0 none, 1 unit, 2 group, 3 level, 4 barred units) and its
    /// index (a level as its number, plus 100 above entry).
    private let packed: Int
    private let barred: [Int]?

    init(code: UnmetCode, subject: SubjectOf<Int, Int, [Int]>?) {
        var kind = 0, value = 0, units: [Int]?
        switch subject {
        case nil: break
        case .unit(let unit): (kind, value) = (1, unit)
        case .group(let group): (kind, value) = (2, group)
        case .level(.entry(let number)): (kind, value) = (3, number)
        case .level(.level(let number)): (kind, value) = (3, 100 + number)
        case .units(let barred): (kind, units) = (4, barred)
        }
        packed = code.index | kind << 8 | value << 16
        barred = units
    }

    var code: UnmetCode { UnmetCode.allCases[packed & 0xFF] }

    var subject: SubjectOf<Int, Int, [Int]>? {
        let value = packed >> 16
        switch packed >> 8 & 0xFF {
        case 1: return .unit(value)
        case 2: return .group(value)
        case 3: return .level(value > 100 ? .level(value - 100) : .entry(value))
        case 4: return .units(barred ?? [])
        default: return nil
        }
    }

    static func == (left: OutcomeKey, right: OutcomeKey) -> Bool {
        left.packed == right.packed && left.barred == right.barred
    }

    func hash(into hasher: inout Hasher) { hasher.combine(packed) }

    /// The code's index (``UnmetCode/index``).
    var codeIndex: Int { packed & 0xFF }

    /// Where ``FlatBlocking`` counts it among the subjects of a code, for a qualification version of `units`
    /// units and `groups` groups: 0 for none, then the units, the groups, entry levels 0–15 and levels
    /// 0–15; `nil` for barred units and anything out of range (counted in a dictionary).
    func flatSubject(units: Int, groups: Int) -> Int? {
        let value = packed >> 16
        switch packed >> 8 & 0xFF {
        case 0: return 0
        case 1: return value < units ? 1 + value : nil
        case 2: return value < groups ? 1 + units + value : nil
        case 3:
            if value < 16 { return 1 + units + groups + value }
            if value >= 100 && value < 116 { return 1 + units + groups + 16 + value - 100 }
            return nil
        default: return nil
        }
    }
}

/// The learners each unmet requirement of one qualification version blocks, as a worker counts them: a
/// flat table by code and subject (``OutcomeKey/flatSubject(units:groups:)``) that points into the keys
/// counted so far, so that counting a key indexes two arrays rather than hashing; keys outside the table
/// (barred units) go in a dictionary. A learner may also be counted under a whole set of keys at once
/// (``add(set:who:)``): listed under each key whose list has room, while one has, and counted under them
/// all when the counts are read. The sets are found by the `Workspace.unmetKey(_:words:into:)` of the
/// outcomes that name them (``set(for:)``), at most ``maximumSets`` of them, so that memory stays bounded
/// however many combinations a file holds.
struct FlatBlocking: BlockingCounts {
    private let units: Int
    private let groups: Int
    private let stride: Int
    /// How many learners each list keeps.
    private let limit: Int
    /// Per code and subject: the position of its entry in `counted`, or -1.
    private var positions: [Int32]
    /// The keys counted, in the order first counted, with their learners.
    private var counted: [(flat: Int, key: OutcomeKey, list: CappedList<LearnerReference>)] = []
    private var others: [OutcomeKey: CappedList<LearnerReference>] = [:]
    /// Sets of keys counted together, with the learners counted under each and whether every key's list
    /// is full; the sets are kept from chunk to chunk (``clearCounts()`` forgets their counts only).
    private var sets: [(keys: [OutcomeKey], count: Int, full: Bool)] = []
    /// The unmet key of each set, in the order of `sets`: ``keyLength`` words each.
    private var setKeys: [UInt64] = []
    /// The words of the qualification version's unit masks that its units reach.
    let unitWords: Int
    /// The words of an unmet key (`Workspace.unmetKeyLength(words:)`).
    let keyLength: Int
    /// The sets by their key's hash: an open-addressed table of positions in `sets` (-1 for none), a power
    /// of two at least twice their number.
    private var setTable: [Int32] = []
    /// The hash of each set's key.
    private var hashes: [UInt64] = []
    /// The most sets kept; outcomes with other keys are counted key by key.
    let maximumSets: Int

    init(units: Int, groups: Int, unitWords: Int, limit: Int, maximumSets: Int = 128) {
        self.units = units
        self.groups = groups
        self.limit = limit
        self.maximumSets = maximumSets
        self.unitWords = unitWords
        keyLength = Workspace.unmetKeyLength(words: unitWords)
        stride = 1 + units + groups + 32
        positions = Array(repeating: -1, count: stride * UnmetCode.allCases.count)
    }

    private func flat(_ key: OutcomeKey) -> Int? {
        key.flatSubject(units: units, groups: groups).map { key.codeIndex * stride + $0 }
    }

    /// The entry of `key` in `counted`, made when missing; `nil` for a key outside the table.
    private mutating func position(_ key: OutcomeKey) -> Int? {
        guard let flat = flat(key) else { return nil }
        let found = Int(positions[flat])
        if found >= 0 { return found }
        positions[flat] = Int32(counted.count)
        counted.append((flat, key, CappedList()))
        return counted.count - 1
    }

    mutating func add(_ key: OutcomeKey, who: LearnerReference, limit: Int) {
        if let position = position(key) {
            counted[position].list.add(who, limit: limit)
        } else {
            others[key, default: CappedList()].add(who, limit: limit)
        }
    }

    /// The set of keys named by outcomes with the unmet key `key` (``keyLength`` words), or `nil` when none
    /// is kept.
    @inline(__always)
    func set(for key: UnsafePointer<UInt64>) -> Int? {
        guard !setTable.isEmpty else { return nil }
        let mask = setTable.count - 1
        var at = Int(truncatingIfNeeded: hash(key)) & mask
        while setTable[at] >= 0 {
            let found = Int(setTable[at])
            if matches(found, key) { return found }
            at = (at + 1) & mask
        }
        return nil
    }

    /// Keeps `keys` (distinct) as the set named by outcomes with the key `key` (not kept yet), and returns
    /// it; `nil` when ``maximumSets`` are kept.
    mutating func insertSet(for key: UnsafePointer<UInt64>, keys: [OutcomeKey]) -> Int? {
        guard sets.count < maximumSets else { return nil }
        let keyHash = hash(key)
        if 2 * (sets.count + 1) > setTable.count {
            setTable = Array(repeating: -1, count: max(64, 2 * setTable.count))
            for position in sets.indices { place(position, hash: hashes[position]) }
        }
        place(sets.count, hash: keyHash)
        sets.append((keys, 0, false))
        hashes.append(keyHash)
        setKeys.append(contentsOf: UnsafeBufferPointer(start: key, count: keyLength))
        return sets.count - 1
    }

    /// A cheap mix of the words of unmet key `key` (not `Hasher`: a key is looked up for every outcome not
    /// achieved).
    @inline(__always)
    func hash(_ key: UnsafePointer<UInt64>) -> UInt64 {
        var mixed = key[0] &* 0x9E37_79B9_7F4A_7C15
        var word = 1
        while word < keyLength {
            mixed = (mixed ^ mixed >> 29 ^ key[word]) &* 0xBF58_476D_1CE4_E5B9
            word &+= 1
        }
        return mixed ^ mixed >> 31
    }

    /// Whether set `position` has the unmet key `key`.
    @inline(__always)
    private func matches(_ position: Int, _ key: UnsafePointer<UInt64>) -> Bool {
        setKeys.withUnsafeBufferPointer { stored in
            let base = stored.baseAddress! + position &* keyLength
            var word = 0
            while word < keyLength {
                if base[word] != key[word] { return false }
                word &+= 1
            }
            return true
        }
    }

    /// Puts set `position` into the first free place of `setTable` from its hash.
    private mutating func place(_ position: Int, hash: UInt64) {
        let mask = setTable.count - 1
        var at = Int(truncatingIfNeeded: hash) & mask
        while setTable[at] >= 0 { at = (at + 1) & mask }
        setTable[at] = Int32(position)
    }

    /// Counts learner `who` under every key of set `set`: lists the learner under each key whose list has
    /// room (learners come in line order), and counts them all when the counts are read (the set's count).
    /// `who` is asked only while a list has room.
    @inline(__always)
    mutating func add(set: Int, who: () -> LearnerReference) {
        sets[set].count += 1
        if !sets[set].full { list(set: set, who: who()) }
    }

    /// Lists learner `who` under each key of set `set` whose list has room, and notes when none has.
    private mutating func list(set: Int, who: LearnerReference) {
        var full = true
        for key in sets[set].keys {
            if let position = position(key) {
                if counted[position].list.items.count < limit { counted[position].list.items.append(who) }
                full = full && counted[position].list.items.count >= limit
            } else {
                var list = others.removeValue(forKey: key) ?? CappedList()
                if list.items.count < limit { list.items.append(who) }
                full = full && list.items.count >= limit
                others[key] = list
            }
        }
        sets[set].full = full
    }

    mutating func merge(_ key: OutcomeKey, _ list: CappedList<LearnerReference>, linesBefore: Int, limit: Int) {
        if let position = position(key) {
            counted[position].list.merge(list, linesBefore: linesBefore, limit: limit)
        } else {
            others.merge(key, list, linesBefore: linesBefore, limit: limit)
        }
    }

    func forEachCount(_ body: (OutcomeKey, CappedList<LearnerReference>) -> Void) {
        guard sets.contains(where: { $0.count > 0 }) else {
            for entry in counted { body(entry.key, entry.list) }
            others.forEachCount(body)
            return
        }
        // Each set's learners counted under its keys (listed there as they came).
        var lists = counted.map(\.list)
        var rest = others
        for set in sets where set.count > 0 {
            for key in set.keys {
                if let flat = flat(key), positions[flat] >= 0 {
                    lists[Int(positions[flat])].count += set.count
                } else {
                    rest[key, default: CappedList()].count += set.count
                }
            }
        }
        for (entry, list) in zip(counted, lists) { body(entry.key, list) }
        rest.forEachCount(body)
    }

    mutating func clearCounts() {
        for entry in counted { positions[entry.flat] = -1 }
        counted.removeAll(keepingCapacity: true)
        others.removeAll(keepingCapacity: true)
        for set in sets.indices where sets[set].count > 0 || sets[set].full {
            (sets[set].count, sets[set].full) = (0, false)
        }
    }
}

/// An outcome of the learner loaded into a workspace, as ``FigureTally`` reads it: the same requirements,
/// `next` and deadline that `Workspace.result` writes into an `EvaluationResult`, without building it.
struct OutcomeView: CountedResult {
    let workspace: Workspace
    let outcome: Outcome

    var achieved: Bool { outcome.achieved }

    func appendDistinctUnmetKeys(to keys: inout [OutcomeKey]) {
        let slot = outcome.qualificationIndex
        workspace.forEachUnmet(outcome) { detail in
            var unit: Int?, group: Int?, level: Level?, units: [Int]?
            workspace.forEachDetail(detail, qualification: slot) { _, value in
                switch value {
                case .unit(let index): unit = index
                case .group(let index): group = index
                case .level(let found): level = found
                case .units(let mask): units = mask.indexes
                case .number, .date: break
                }
            }
            let subject = CohortStatisticsBuilder.subjectOf(unit: unit, group: group, level: level, units: units)
            let key = OutcomeKey(code: detail.code, subject: subject)
            if !keys.contains(key) { keys.append(key) }
        }
    }

    var nextSize: Int? { OutcomeView.nextSize(outcome) }

    /// ``nextSize`` of `outcome`, from its words (a unit mask's count takes eight population counts).
    @inline(__always)
    static func nextSize(_ outcome: Outcome) -> Int? {
        guard outcome.hasNext else { return nil }
        let next = outcome.next
        func size(_ word: UInt64) -> Int { word == 0 ? 0 : word & (word &- 1) == 0 ? 1 : 2 }
        let high = next.w1 | next.w2 | next.w3 | next.w4 | next.w5 | next.w6 | next.w7
        if high == 0 { return size(next.w0) }
        return min(
            2,
            size(next.w0) + size(next.w1) + size(next.w2) + size(next.w3) + size(next.w4) + size(next.w5)
                + size(next.w6) + size(next.w7))
    }
    var firstNextUnit: Int { outcome.nextUnits?.first ?? 0 }
    var deadlineDay: Int? { workspace.deadlineDay(outcome) }
}

/// The dashboard's figures of one chunk of a learner file, counted in a pipeline worker from the engine's
/// outcomes (``OutcomeView``, through the same ``FigureTally`` as ``CohortStatisticsBuilder``), and the
/// results of the learners of the chunk that a worksheet may be written for. The builder adds it up
/// (``CohortStatisticsBuilder/merge(_:linesBefore:)``).
final class CohortCounter: OutcomeCounter, @unchecked Sendable {
    let evaluator: Evaluator
    let limit: Int
    let asOf: Int?
    let selection: WorksheetSelection
    /// Whether the results built for worksheets carry their sentences.
    let messages: Bool
    /// The worksheets the caller has written so far.
    let written: WorksheetCount

    // (One worker at a time uses a counter, so the properties changed per learner go without the runtime's
    // exclusivity checks.)
    @exclusivity(unchecked) private(set) var evaluated = 0
    private(set) var rejected = CappedList<RejectedRecord>()
    /// Per slot of the evaluator (a qualification, or a version of one). Owned by the counter and reached
    /// in place (an array in a class is checked for uniqueness at every change, several times an outcome).
    let tallies: UnsafeMutableBufferPointer<FigureTally<FlatBlocking, UnitLists>>
    private(set) var exceptions: [LearnerException.Kind: CappedList<LearnerReference>] = [:]
    /// The chunk's learners that the selection may give a worksheet, in order, with their results (at most
    /// the selection's limit: no more can be written from one chunk).
    @exclusivity(unchecked) private(set) var candidates: [Candidate] = []

    /// A learner a worksheet may be written for.
    struct Candidate {
        var line: Int
        var results: [EvaluationResult]
    }

    // The learner being counted.
    @exclusivity(unchecked) private var whoRaw = CountedLearnerID("")
    /// The id of `whoRaw`, once asked for.
    @exclusivity(unchecked) private var whoID: LearnerID?
    @exclusivity(unchecked) private var whoLine = 0
    @exclusivity(unchecked) private var kinds: [LearnerException.Kind] = []
    /// The workspace last asked to keep its masks (asked once: setting it costs an exclusivity check).
    @exclusivity(unchecked) private var keepingMasks: ObjectIdentifier?
    @exclusivity(unchecked) private var results: [EvaluationResult]?
    @exclusivity(unchecked) private var keys: [OutcomeKey] = []
    /// The unmet key of the outcome being counted (`Workspace.unmetKey(_:words:into:)`), room for the
    /// longest.
    private let unmetKey = UnsafeMutablePointer<UInt64>.allocate(
        capacity: Workspace.unmetKeyLength(words: UnitMask.words))

    init(
        evaluator: Evaluator, asOf: CalendarDate?, listLimit: Int, selection: WorksheetSelection, messages: Bool,
        written: WorksheetCount = WorksheetCount(), maximumSets: Int = 128
    ) {
        self.evaluator = evaluator
        self.written = written
        limit = max(0, listLimit)
        self.asOf = asOf?.dayNumber
        self.selection = selection
        self.messages = messages
        tallies = .allocate(capacity: evaluator.positionOfSlot.count)
        _ = tallies.initialize(
            from: evaluator.positionOfSlot.indices.lazy.map { slot in
                FigureTally(
                    blocking: FlatBlocking(
                        units: evaluator.unitCount(qualification: slot),
                        groups: evaluator.groupCount(qualification: slot),
                        unitWords: evaluator.unitMaskWords(qualification: slot), limit: max(0, listLimit),
                        maximumSets: maximumSets),
                    completing: UnitLists(units: evaluator.unitCount(qualification: slot)))
            })
    }

    deinit {
        tallies.deinitialize()
        tallies.deallocate()
        unmetKey.deallocate()
    }

    /// The learner being counted, as the figures list it (its id made a `String` the first time).
    private var who: LearnerReference {
        let id = whoID ?? LearnerID(whoRaw.string)
        whoID = id
        return LearnerReference(learner: id, line: whoLine)
    }

    func reset() {
        evaluated = 0
        rejected = CappedList()
        for slot in tallies.indices where tallies[slot].evaluated > 0 { tallies[slot].reset() }
        exceptions.removeAll(keepingCapacity: true)
        candidates.removeAll()
    }

    func reject(line: Int, file: String, message: String) {
        rejected.insert(RejectedRecord(file: file, line: line, message: message), limit: limit)
    }

    func beginLearner(line: Int, id: CountedLearnerID, in workspace: Workspace) {
        evaluated += 1
        if keepingMasks != ObjectIdentifier(workspace) {
            workspace.keepsMasks = true
            keepingMasks = ObjectIdentifier(workspace)
        }
        whoRaw = id
        whoID = nil
        whoLine = line
        if !kinds.isEmpty { kinds.removeAll(keepingCapacity: true) }
        results = nil
        if selection.mayChoose(learner: id.string, chosen: candidates.count + written.value) {
            workspace.learnerID = who.learner.rawValue
            results = []
        }
    }

    func add(_ outcome: Outcome, in workspace: Workspace) {
        // FigureTally.add in its two parts, with the requirements counted between them (as the general path
        // does, without copying the outcome into a view). The closures that name the learner do not outlive
        // the call: they need not retain the counter (which cost two calls an outcome).
        let tally = tallies.baseAddress! + outcome.qualificationIndex
        if outcome.achieved {
            tally.pointee.addAchieved(limit: limit) { [unowned(unsafe) self] in self.who }
        } else {
            countUnmet(outcome, in: workspace, tally: tally)
            tally.pointee.addNotAchieved(
                nextSize: OutcomeView.nextSize(outcome), firstNextUnit: outcome.next.first ?? 0,
                deadlineDay: workspace.deadlineDay(outcome), limit: limit, asOf: asOf
            ) { [unowned(unsafe) self] in self.who }
        }
        if workspace.hasExceptions, workspace.appliedBits(outcome) != 0 {
            for exception in workspace.exceptionsApplied(outcome) where !kinds.contains(exception.kind) {
                kinds.append(exception.kind)
            }
        }
        results?.append(workspace.result(outcome, messages: messages))
    }

    /// Counts the learner under the requirements `outcome` (not achieved) names: learners hold few
    /// combinations of units, so what they miss is named once per set of requirements (``FlatBlocking``'s
    /// sets, found by the outcome's unmet key), or one by one for outcomes without a key or past the sets
    /// kept.
    @inline(__always)
    private func countUnmet(
        _ outcome: Outcome, in workspace: Workspace, tally: UnsafeMutablePointer<FigureTally<FlatBlocking, UnitLists>>
    ) {
        let keyed = workspace.unmetKey(outcome, words: tally.pointee.blocking.unitWords, into: unmetKey)
        if keyed, let set = tally.pointee.blocking.set(for: unmetKey) {
            tally.pointee.blocking.add(set: set) { [unowned(unsafe) self] in self.who }
            return
        }
        countNamingUnmet(outcome, in: workspace, tally: tally, keyed: keyed)
    }

    /// ``countUnmet(_:in:tally:)`` for an outcome whose set of requirements is not kept: names them, and keeps
    /// them as a set when the outcome has a key and there is room. (Out of line: the outcome is copied for
    /// the view, which the common case does not need.)
    @inline(never)
    private func countNamingUnmet(
        _ outcome: Outcome, in workspace: Workspace, tally: UnsafeMutablePointer<FigureTally<FlatBlocking, UnitLists>>,
        keyed: Bool
    ) {
        keys.removeAll(keepingCapacity: true)
        OutcomeView(workspace: workspace, outcome: outcome).appendDistinctUnmetKeys(to: &keys)
        if keyed, let set = tally.pointee.blocking.insertSet(for: unmetKey, keys: keys) {
            tally.pointee.blocking.add(set: set) { [unowned(unsafe) self] in self.who }
            return
        }
        let learner = who
        for key in keys { tally.pointee.blocking.add(key, who: learner, limit: limit) }
    }

    func endLearner(in workspace: Workspace) {
        for kind in kinds {
            exceptions[kind, default: CappedList()].add(limit: limit) { [unowned(unsafe) self] in self.who }
        }
        if let results, selection.selects(results, written: candidates.count) {
            candidates.append(Candidate(line: whoLine, results: results))
        }
        results = nil
    }
}
