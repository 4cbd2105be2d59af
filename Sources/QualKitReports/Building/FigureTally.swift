import QualKitCore

/// What the dashboard reads of one result: its achievement, the keys (code and subject) of its unmet
/// requirements, its `next` and its deadline. ``FigureTally/add(_:who:limit:asOf:keys:)`` counts any
/// view: an `EvaluationResult` (the general path, ``CohortStatisticsBuilder/add(_:line:)``) or the engine's
/// outcome in a pipeline worker (``OutcomeView``), so each figure has one definition.
protocol CountedResult {
    /// What an unmet requirement is counted under.
    associatedtype Key: Hashable & Sendable
    /// What a unit of `next` is counted under.
    associatedtype Unit: Hashable & Sendable
    var achieved: Bool { get }
    /// Appends the key of each unmet requirement once, in the order of their first requirement (`keys`
    /// comes empty; a result counts once under a key, however many of its requirements have it).
    func appendDistinctUnmetKeys(to keys: inout [Key])
    /// How many units `next` has, counted up to two (2: two or more), or `nil` when no set of units can
    /// complete the qualification.
    var nextSize: Int? { get }
    /// The first unit of `next` (asked only when it has one).
    var firstNextUnit: Unit { get }
    /// The deadline as a ``CalendarDate/dayNumber``, or `nil`.
    var deadlineDay: Int? { get }
}

/// The learners each unmet requirement blocks, by key: a dictionary on the general path, a flat table by
/// code and subject in a pipeline worker (``FlatBlocking``).
protocol BlockingCounts {
    associatedtype Key: Hashable
    /// Counts learner `who` under `key`.
    mutating func add(_ key: Key, who: LearnerReference, limit: Int)
    /// Adds `list`, counted under `key` over a part of the file whose lines count from `linesBefore`.
    mutating func merge(_ key: Key, _ list: CappedList<LearnerReference>, linesBefore: Int, limit: Int)
    /// Calls `body` with each key counted and its learners.
    func forEachCount(_ body: (Key, CappedList<LearnerReference>) -> Void)
    /// Forgets every count.
    mutating func clearCounts()
}

/// The learners each unit would complete (a `next` of that one unit), by unit: a dictionary on the general
/// path, a list per unit index in a pipeline worker (``UnitLists``).
protocol CompletingCounts {
    associatedtype Unit: Hashable
    /// Counts a learner under `unit`, asking `who` for them only when the unit's list has room.
    mutating func add(_ unit: Unit, limit: Int, who: () -> LearnerReference)
    /// Adds `list`, counted under `unit` over a part of the file whose lines count from `linesBefore`.
    mutating func merge(_ unit: Unit, _ list: CappedList<LearnerReference>, linesBefore: Int, limit: Int)
    /// Calls `body` with each unit counted and its learners.
    func forEachCount(_ body: (Unit, CappedList<LearnerReference>) -> Void)
    /// Forgets every count.
    mutating func clearCounts()
}

extension Dictionary: CompletingCounts where Value == CappedList<LearnerReference> {
    mutating func add(_ unit: Key, limit: Int, who: () -> LearnerReference) {
        self[unit, default: CappedList()].add(limit: limit, who)
    }
}

/// The learners each unit of a qualification version would complete, by the unit's index: a list per
/// unit, and the units counted in the order first counted (a dictionary of `Int` hashes each unit).
struct UnitLists: CompletingCounts {
    private var lists: [CappedList<LearnerReference>]
    private var counted: [Int] = []

    /// Lists for the units `0..<units`.
    init(units: Int) { lists = Array(repeating: CappedList(), count: max(1, units)) }

    mutating func add(_ unit: Int, limit: Int, who: () -> LearnerReference) {
        if lists[unit].count == 0 { counted.append(unit) }
        lists[unit].add(limit: limit, who)
    }

    mutating func merge(_ unit: Int, _ list: CappedList<LearnerReference>, linesBefore: Int, limit: Int) {
        if lists[unit].count == 0 { counted.append(unit) }
        lists[unit].merge(list, linesBefore: linesBefore, limit: limit)
    }

    func forEachCount(_ body: (Int, CappedList<LearnerReference>) -> Void) {
        for unit in counted { body(unit, lists[unit]) }
    }

    mutating func clearCounts() {
        for unit in counted { lists[unit] = CappedList() }
        counted.removeAll(keepingCapacity: true)
    }
}

extension Dictionary: BlockingCounts where Value == CappedList<LearnerReference> {
    mutating func add(_ key: Key, who: LearnerReference, limit: Int) {
        self[key, default: CappedList()].add(who, limit: limit)
    }
    mutating func merge(_ key: Key, _ list: CappedList<LearnerReference>, linesBefore: Int, limit: Int) {
        self[key, default: CappedList()].merge(list, linesBefore: linesBefore, limit: limit)
    }
    func forEachCount(_ body: (Key, CappedList<LearnerReference>) -> Void) {
        for (key, list) in self { body(key, list) }
    }
    mutating func clearCounts() { removeAll(keepingCapacity: true) }
}

/// The dashboard's running figures of one qualification, with the learners each unmet requirement blocks
/// in `Blocking` (by what it names, a `Key`) and those each unit would complete in `Completing` (by a
/// `Unit`): the one definition of each figure (``add(_:who:limit:asOf:keys:)``), and of how two tallies of
/// different parts of a file add up (``merge(_:linesBefore:limit:key:unit:)``).
struct FigureTally<Blocking: BlockingCounts, Completing: CompletingCounts> {
    typealias Key = Blocking.Key
    typealias Unit = Completing.Unit
    var evaluated = 0
    var achieved = CappedList<LearnerReference>()
    var blocking: Blocking
    var completing: Completing
    var oneAway = CappedList<LearnerReference>()
    var deadlines = CohortStatisticsBuilder.deadlineWindows.map { _ in CappedList<LearnerReference>() }

    init(blocking: Blocking, completing: Completing) {
        self.blocking = blocking
        self.completing = completing
    }

    /// Forgets every figure, keeping the tables' storage.
    mutating func reset() {
        evaluated = 0
        achieved = CappedList()
        blocking.clearCounts()
        completing.clearCounts()
        oneAway = CappedList()
        for window in deadlines.indices { deadlines[window] = CappedList() }
    }

    /// Counts one result of learner `who`, in place. `keys` is scratch space, reused between calls.
    mutating func add<Result: CountedResult>(
        _ result: Result, who: LearnerReference, limit: Int, asOf: Int?,
        keys: inout [Key]
    ) where Result.Key == Key, Result.Unit == Unit {
        add(result, who: who, limit: limit, asOf: asOf) { blocking in
            keys.removeAll(keepingCapacity: true)
            result.appendDistinctUnmetKeys(to: &keys)
            for key in keys { blocking.add(key, who: who, limit: limit) }
        }
    }

    /// Counts one result of learner `who`, in place, with `countUnmet` counting the learner under the keys of
    /// the unmet requirements of a result not achieved (as ``add(_:who:limit:asOf:keys:)`` does, or by a
    /// shorter way to the same counts).
    mutating func add<Result: CountedResult>(
        _ result: Result, who: LearnerReference, limit: Int, asOf: Int?,
        countUnmet: (inout Blocking) -> Void
    ) where Result.Key == Key, Result.Unit == Unit {
        if result.achieved {
            addAchieved(limit: limit) { who }
            return
        }
        countUnmet(&blocking)
        addNotAchieved(
            nextSize: result.nextSize, firstNextUnit: result.firstNextUnit, deadlineDay: result.deadlineDay,
            limit: limit, asOf: asOf
        ) { who }
    }

    /// Counts a result achieved of learner `who` (``add(_:who:limit:asOf:countUnmet:)``'s first part); `who`
    /// is asked only when the list has room.
    @inline(__always)
    mutating func addAchieved(limit: Int, who: () -> LearnerReference) {
        evaluated += 1
        achieved.add(limit: limit, who)
    }

    /// Counts a result not achieved of learner `who` whose unmet requirements are counted, from its
    /// ``CountedResult/nextSize``, first unit of `next` and deadline (each asked only when needed):
    /// ``add(_:who:limit:asOf:countUnmet:)``'s second part.
    @inline(__always)
    mutating func addNotAchieved(
        nextSize: Int?, firstNextUnit: @autoclosure () -> Unit, deadlineDay: @autoclosure () -> Int?,
        limit: Int, asOf: Int?, who: () -> LearnerReference
    ) {
        evaluated += 1
        guard let count = nextSize, count > 0 else { return }
        if count == 1 {
            oneAway.add(limit: limit, who)
            completing.add(firstNextUnit(), limit: limit, who: who)
        }
        if let asOf, let deadline = deadlineDay() {
            let days = deadline - asOf
            for (window, length) in CohortStatisticsBuilder.deadlineWindows.enumerated()
            where days >= 0 && days <= length {
                deadlines[window].add(limit: limit, who)
            }
        }
    }

    /// Adds the counts and learners of `other`, a tally of another part of the file whose line numbers count
    /// from `linesBefore`, with its keys and units mapped by `key` and `unit`. Lists keep the learners of
    /// the lowest lines, so tallies may be merged in any order.
    mutating func merge<OtherBlocking, OtherCompleting>(
        _ other: FigureTally<OtherBlocking, OtherCompleting>, linesBefore: Int, limit: Int,
        key: (OtherBlocking.Key) -> Key, unit: (OtherCompleting.Unit) -> Unit
    ) {
        evaluated += other.evaluated
        achieved.merge(other.achieved, linesBefore: linesBefore, limit: limit)
        other.blocking.forEachCount { otherKey, list in
            blocking.merge(key(otherKey), list, linesBefore: linesBefore, limit: limit)
        }
        other.completing.forEachCount { otherUnit, list in
            completing.merge(unit(otherUnit), list, linesBefore: linesBefore, limit: limit)
        }
        oneAway.merge(other.oneAway, linesBefore: linesBefore, limit: limit)
        for window in deadlines.indices {
            deadlines[window].merge(other.deadlines[window], linesBefore: linesBefore, limit: limit)
        }
    }
}

extension FigureTally: Sendable where Blocking: Sendable, Completing: Sendable {}

/// Something a figure lists that has a line in the learner file.
protocol LineNumbered {
    var line: Int { get set }
}

extension LearnerReference: LineNumbered {}
extension RejectedRecord: LineNumbered {}

extension CappedList where Element: LineNumbered {
    /// Adds the count of `other` and keeps, of both lists, the `limit` items of the lowest lines; the
    /// lines of `other` count from `linesBefore`. Each list is in line order.
    mutating func merge(_ other: CappedList, linesBefore: Int, limit: Int) {
        count += other.count
        guard let first = other.items.first else { return }
        if items.count >= limit, let last = items.last, last.line < first.line + linesBefore { return }
        var merged: [Element] = []
        merged.reserveCapacity(min(limit, items.count + other.items.count))
        var mine = 0, theirs = 0
        while merged.count < limit && (mine < items.count || theirs < other.items.count) {
            if theirs == other.items.count
                || (mine < items.count && items[mine].line <= other.items[theirs].line + linesBefore)
            {
                merged.append(items[mine])
                mine += 1
            } else {
                var item = other.items[theirs]
                item.line += linesBefore
                merged.append(item)
                theirs += 1
            }
        }
        items = merged
    }

    /// Counts `item` and keeps it if it is among the `limit` of the lowest lines (items may come in any
    /// order).
    mutating func insert(_ item: Element, limit: Int) {
        count += 1
        let position = items.firstIndex { $0.line > item.line } ?? items.count
        guard position < limit else { return }
        items.insert(item, at: position)
        if items.count > limit { items.removeLast() }
    }
}
