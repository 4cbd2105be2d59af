import QualKitEngine
/// The versions of the qualifications an evaluator decides: every version is compiled once, when the
/// evaluator is built, into a "slot" of ``Evaluator/compiled``; a learner's version is then a look-up
/// (``Workspace/chooseVersions()``), never a second evaluation.
struct VersionSlots: Sendable {
    /// The qualifications decided, in order (positions), each with its versions.
    let qualifications: [Qualification]
    /// Position → its first slot; its versions' slots follow in order.
    let firstSlot: [Int]
    /// Position → how many versions it has.
    let slotCount: [Int]
    /// Slot → the first registration day its version covers (`Int.min` for a first version).
    let startDay: [Int]
    /// Slot → position.
    let positionOfSlot: [Int]
    /// Whether any qualification has more than one version.
    let hasVersions: Bool
    /// The positions of the qualifications with more than one version: the only ones whose choice depends
    /// on the record when it has no exceptions.
    let versioned: [Int]

    init(_ qualifications: [Qualification]) {
        self.qualifications = qualifications
        var first: [Int] = [], counts: [Int] = [], start: [Int] = [], position: [Int] = []
        for (p, q) in qualifications.enumerated() {
            first.append(start.count)
            let versions = q.allVersions
            counts.append(versions.count)
            for v in versions {
                start.append(v.registrationsFrom?.dayNumber ?? Int.min)
                position.append(p)
            }
        }
        firstSlot = first; slotCount = counts; startDay = start; positionOfSlot = position
        hasVersions = counts.contains { $0 > 1 }
        versioned = counts.indices.filter { counts[$0] > 1 }
    }

    /// How many qualifications are decided (one result each per learner).
    var count: Int { qualifications.count }

    /// The slot of position `position`'s version in force for a registration on `day`: the last that starts on
    /// or before it (the first version when none does).
    @inline(__always)
    func slot(_ position: Int, registeredOn day: Int) -> Int {
        let first = firstSlot[position]
        var s = first + slotCount[position] - 1
        while s > first && startDay[s] > day { s -= 1 }
        return s
    }

    /// The slot of `reference`'s version, or `nil` when the evaluator does not decide that qualification or
    /// it has no such version.
    func slot(of reference: VersionReference, in catalog: QualificationCatalog) -> Int? {
        guard let q = catalog.qualification(reference.qualification.rawValue),
            let p = qualifications.firstIndex(where: { $0.id == q.id }),
            let v = qualifications[p].allVersions.firstIndex(where: { $0.version == reference.version })
        else {
            return nil
        }
        return firstSlot[p] + v
    }
}

/// The version chosen for one qualification of the current learner.
struct VersionChoice {
    /// The compiled version (slot) that decides the learner.
    var slot = 0
    /// The slot a what-if evaluation moves every learner to (-1: none).
    var whatIf = -1
    /// The record's `version` exception that chose ``slot``, as a bit over exception positions (0: none).
    var exceptionBit: UInt64 = 0
    /// Whether the version was chosen without a registration date (``UncheckedCode/version``).
    var unchecked = false
}

extension Evaluator {
    /// ``evaluateLoaded(in:_:)`` when a qualification has several versions or a what-if applies: each
    /// qualification's outcome from the version chosen for the learner, decided once.
    @inline(never)
    func evaluateChosenVersions(in workspace: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        workspace.chooseVersions()
        let table = rules.base
        var o = Outcome(qualificationIndex: 0)
        for p in 0..<slots.count {
            let choice = workspace.choices[p]
            outcome(choice.slot, table[choice.slot], workspace, into: &o)
            if choice.unchecked { o.uncheck(.version) }
            try body(o)
        }
    }
}

extension Workspace {
    /// The versions a what-if evaluation moves every learner to (``EvaluationOptions/whatIf``); references
    /// the evaluator does not decide are ignored.
    package var whatIf: [VersionReference] {
        get {
            (0..<evaluator.slots.count).compactMap { p in
                let s = choices[p].whatIf
                guard s >= 0 else { return nil }
                let q = evaluator.compiled[s].qualification
                return VersionReference(qualification: q.id, version: q.version)
            }
        }
        set {
            let e = evaluator
            for p in 0..<e.slots.count { choices[p].whatIf = -1 }
            for r in newValue {
                guard let s = e.slots.slot(of: r, in: e.catalog) else { continue }
                choices[e.positionOfSlot[s]].whatIf = s
            }
            for p in 0..<e.slots.count { // the slots that no record changes without exceptions
                choices[p].slot = choices[p].whatIf >= 0 ? choices[p].whatIf : e.slots.firstSlot[p]
                choices[p].unchecked = false
                choices[p].exceptionBit = 0
            }
            let asked = newValue.contains { e.slots.slot(of: $0, in: e.catalog) != nil }
            settings.pointee.choosesVersions = e.slots.hasVersions || asked
        }
    }

    /// Chooses, for the learner loaded, the version of each qualification: a what-if's, else the one a
    /// `version` exception names, else the one in force on the registration date; without a registration
    /// date, the one in force on the as-of date, or else the latest (then ``UncheckedCode/version``).
    /// Allocates nothing.
    func chooseVersions() {
        let slots = evaluator.slots
        let registered = registeredDay
        let hasExceptions = record.pointee.hasExceptions
        // Without exceptions only a qualification with several versions has a choice to make: the others
        // keep their one slot (or their what-if's), set when the workspace was made or the what-if given.
        if !hasExceptions {
            for p in slots.versioned where choices[p].whatIf < 0 { choose(p, slots, registered) }
            return
        }
        for p in 0..<slots.count {
            let c = choices + p
            c.pointee.exceptionBit = 0
            c.pointee.unchecked = false
            if c.pointee.whatIf >= 0 {
                // A what-if overrides the record's choice; the record's choice still applies when it is the same.
                c.pointee.slot = c.pointee.whatIf
                if let (slot, k) = versionException(p), slot == c.pointee.whatIf {
                    c.pointee.exceptionBit = 1 << UInt64(k)
                }
                continue
            }
            if hasExceptions, let (slot, k) = versionException(p) {
                c.pointee.slot = slot
                c.pointee.exceptionBit = 1 << UInt64(k)
                continue
            }
            choose(p, slots, registered)
        }
    }

    /// Chooses position `position`'s version by the registration date (or without one, the as-of date or the latest).
    @inline(__always)
    private func choose(_ position: Int, _ slots: VersionSlots, _ registered: Int?) {
        let c = choices + position
        let count = slots.slotCount[position]
        c.pointee.exceptionBit = 0
        c.pointee.unchecked = false
        if count == 1 { c.pointee.slot = slots.firstSlot[position]; return }
        if let day = registered {
            c.pointee.slot = slots.slot(position, registeredOn: day)
        } else {
            c.pointee.unchecked = true
            c.pointee.slot =
                asOfDay.map { slots.slot(position, registeredOn: $0) } ?? slots.firstSlot[position] + count - 1
        }
    }

    /// The slot the record's `version` exception for position `position` chooses, with the exception's position in
    /// ``exceptionList``.
    private func versionException(_ position: Int) -> (Int, Int)? {
        for (k, x) in exceptionList.enumerated() where x.value.kind == .version && x.qualification == position {
            if let s = x.versionSlot, s >= 0 { return (s, k) }
        }
        return nil
    }

    /// The record's `version` exception that chose the version of outcome `outcome`, as a bit over exception
    /// positions (0 when none did).
    func versionExceptionBits(_ outcome: Outcome) -> UInt64 {
        guard record.pointee.hasExceptions, settings.pointee.choosesVersions else { return 0 }
        let p = evaluator.positionOfSlot[outcome.qualificationIndex]
        return choices[p].slot == outcome.qualificationIndex ? choices[p].exceptionBit : 0
    }
}
