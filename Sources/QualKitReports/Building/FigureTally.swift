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
    /// Appends the key of each unmet requirement, in order (a key may come more than once).
    func appendUnmetKeys(to keys: inout [Key])
    /// How many units `next` has, or `nil` when no set of units can complete the qualification.
    var nextCount: Int? { get }
    /// The first unit of `next` (asked only when it has one).
    var firstNextUnit: Unit { get }
    /// The deadline as a ``CalendarDate/dayNumber``, or `nil`.
    var deadlineDay: Int? { get }
}

/// The dashboard's running figures of one qualification, keyed by `Key` (what an unmet requirement names)
/// and `Unit`: the one definition of each figure (``add(_:who:limit:asOf:keys:)``), and of how two tallies
/// of different parts of a file add up (``merge(_:linesBefore:limit:key:unit:)``).
struct FigureTally<Key: Hashable & Sendable, Unit: Hashable & Sendable>: Sendable {
    var evaluated = 0
    var achieved = CappedList<LearnerReference>()
    var blocking: [Key: CappedList<LearnerReference>] = [:]
    var completing: [Unit: CappedList<LearnerReference>] = [:]
    var oneAway = CappedList<LearnerReference>()
    var deadlines = CohortStatisticsBuilder.deadlineWindows.map { _ in CappedList<LearnerReference>() }

    /// Counts one result of learner `who`, in place. `keys` is scratch space, reused between calls.
    mutating func add<Result: CountedResult>(
        _ result: Result, who: LearnerReference, limit: Int, asOf: Int?,
        keys: inout [Key]
    ) where Result.Key == Key, Result.Unit == Unit {
        evaluated += 1
        if result.achieved {
            achieved.add(who, limit: limit)
            return
        }
        keys.removeAll(keepingCapacity: true)
        result.appendUnmetKeys(to: &keys)
        // A code and subject counted once a result: the lists are short, so a scan beats a set.
        for position in keys.indices where !keys[..<position].contains(keys[position]) {
            blocking[keys[position], default: CappedList()].add(who, limit: limit)
        }
        guard let count = result.nextCount, count > 0 else { return }
        if count == 1 {
            oneAway.add(who, limit: limit)
            completing[result.firstNextUnit, default: CappedList()].add(who, limit: limit)
        }
        if let asOf, let deadline = result.deadlineDay {
            let days = deadline - asOf
            for (window, length) in CohortStatisticsBuilder.deadlineWindows.enumerated()
            where days >= 0 && days <= length {
                deadlines[window].add(who, limit: limit)
            }
        }
    }

    /// Adds the counts and learners of `other`, a tally of another part of the file whose line numbers count
    /// from `linesBefore`, with its keys and units mapped by `key` and `unit`. Lists keep the learners of
    /// the lowest lines, so tallies may be merged in any order.
    mutating func merge<OtherKey, OtherUnit>(
        _ other: FigureTally<OtherKey, OtherUnit>, linesBefore: Int, limit: Int,
        key: (OtherKey) -> Key, unit: (OtherUnit) -> Unit
    ) {
        evaluated += other.evaluated
        achieved.merge(other.achieved, linesBefore: linesBefore, limit: limit)
        for (otherKey, list) in other.blocking {
            blocking[key(otherKey), default: CappedList()].merge(list, linesBefore: linesBefore, limit: limit)
        }
        for (otherUnit, list) in other.completing {
            completing[unit(otherUnit), default: CappedList()].merge(list, linesBefore: linesBefore, limit: limit)
        }
        oneAway.merge(other.oneAway, linesBefore: linesBefore, limit: limit)
        for window in deadlines.indices {
            deadlines[window].merge(other.deadlines[window], linesBefore: linesBefore, limit: limit)
        }
    }
}

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
