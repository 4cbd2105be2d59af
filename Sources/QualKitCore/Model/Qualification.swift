/// A qualification: its identity, size, rules of combination, delivery requirements and validity.
public struct Qualification: Hashable, Sendable, Codable {
    public var id: QualificationID
    /// Qualification Accreditation Number (`600/5782/8`), where the source gives one.
    public var qan: String?
    public var title: String
    /// The qualification's purpose, as the source document prints it ("Who is this qualification for?",
    /// "Purpose of the qualification"), where it gives one.
    public var purpose: String?
    /// The subject area, category or discipline, where the source document states one for the qualification
    /// ("Business Management"); an Open Badges achievement's `fieldOfStudy`.
    public var fieldOfStudy: String?
    /// The language the qualification is delivered and assessed in, as a BCP 47 code (`en`), where the source
    /// document states one; an Open Badges achievement's `inLanguage`.
    public var language: String?
    public var level: Level
    /// The credit value the awarding organisation states.
    public var creditValue: Credits
    /// The size band the pack declares; if `nil`, the band follows from ``creditValue``.
    public var declaredSize: SizeBand?
    /// Total guided learning hours, where the source states one (including induction and tutorial support).
    public var guidedLearningHours: GuidedLearningHours?
    /// Total qualification time in hours, where the source states one.
    public var totalQualificationTime: Int?
    /// Groups of units that the rules name. Every group the pack declares, named by a rule or not, is in
    /// ``QualificationFamily/groups``.
    public var groups: [UnitGroup]
    /// Rules of combination; all apply.
    public var rules: [Rule]
    public var delivery: DeliveryRequirements
    public var validity: Validity
    /// Assessments that achieve this qualification's units (ids of the pack's assessments).
    public var assessments: [AssessmentID]
    /// How the units are assessed when no mark sheet is given ("Criterion assessment applies to all units").
    public var assessmentNote: String?
    public var progression: [Progression]
    /// Notes for readers, e.g. where sources disagree.
    public var notes: [String]
    /// This version's label (`"1"` unless the pack says otherwise): which rules of the qualification these are.
    public var version: String
    /// The first registration day this version covers; `nil` for the first version, which covers every
    /// registration before the next version's. A version covers registrations up to the day before the
    /// next version's `registrationsFrom`.
    public var registrationsFrom: CalendarDate?
    /// Whether registrations may close (``Validity/registrationEnd``) before the next version opens, leaving
    /// a gap the pack means (the validator warns of a gap otherwise).
    public var allowsRegistrationGap: Bool
    /// The later versions of the qualification's rules, in order of their windows, each complete (what a
    /// version does not restate is inherited from the one before it) and with no versions of its own. Empty
    /// for a qualification with one version.
    public var versions: [Qualification]

    public init(
        id: QualificationID, qan: String? = nil, title: String, purpose: String? = nil, level: Level,
        creditValue: Credits,
        declaredSize: SizeBand? = nil, guidedLearningHours: GuidedLearningHours? = nil,
        totalQualificationTime: Int? = nil,
        groups: [UnitGroup] = [], rules: [Rule], delivery: DeliveryRequirements = .init(), validity: Validity = .init(),
        assessments: [AssessmentID] = [], assessmentNote: String? = nil, progression: [Progression] = [],
        notes: [String] = [],
        fieldOfStudy: String? = nil, language: String? = nil,
        version: String = "1", registrationsFrom: CalendarDate? = nil, allowsRegistrationGap: Bool = false,
        versions: [Qualification] = []
    ) {
        self.id = id; self.qan = qan; self.title = title; self.purpose = purpose; self.level = level;
        self.creditValue = creditValue
        self.declaredSize = declaredSize; self.guidedLearningHours = guidedLearningHours
        self.totalQualificationTime = totalQualificationTime; self.groups = groups; self.rules = rules
        self.delivery = delivery; self.validity = validity; self.assessments = assessments
        self.assessmentNote = assessmentNote; self.progression = progression; self.notes = notes
        self.fieldOfStudy = fieldOfStudy; self.language = language
        self.version = version; self.registrationsFrom = registrationsFrom
        self.allowsRegistrationGap = allowsRegistrationGap; self.versions = versions
    }

    /// Every version of the qualification's rules, in order: this one (without its ``versions``), then
    /// each of ``versions``. One element for a qualification with one version.
    ///
    /// - Complexity: O(*v*) for *v* versions.
    public var allVersions: [Qualification] {
        guard !versions.isEmpty else { return [self] }
        var first = self
        first.versions = []
        return [first] + versions
    }

    /// Whether the pack gives the qualification more than one version.
    public var hasVersions: Bool { !versions.isEmpty }

    /// The version labelled `label`, if the qualification has it.
    public func version(_ label: String) -> Qualification? { allVersions.first { $0.version == label } }

    /// The version in force for a learner registered on `date`: the last whose ``registrationsFrom`` is
    /// on or before it (the first version when none is).
    ///
    /// ```swift
    /// let rules = qualification.version(registeredOn: CalendarDate(year: 2016, month: 3, day: 1)!)
    /// print(rules.version)
    /// ```
    public func version(registeredOn date: CalendarDate) -> Qualification {
        allVersions.last { ($0.registrationsFrom ?? date) <= date } ?? allVersions[0]
    }

    /// The last day of registrations version `index` of ``allVersions`` covers: the day before the next
    /// version's ``registrationsFrom``, or `nil` for the last version.
    public func lastRegistrationDay(ofVersionAt index: Int) -> CalendarDate? {
        let all = allVersions
        guard index + 1 < all.count, let next = all[index + 1].registrationsFrom else { return nil }
        return CalendarDate(dayNumber: next.dayNumber - 1)
    }

    /// The size band: the declared one, or the one the credit value implies.
    public var size: SizeBand? { declaredSize ?? SizeBand(credits: creditValue) }

    /// The group with `id`, if the qualification has it.
    public func group(_ id: GroupID) -> UnitGroup? { groups.first { $0.id == id } }

    /// Every unit the qualification's rules can count: named units and the units of named groups, in order of first
    /// mention.
    public var units: [UnitCode] {
        var seen = Set<UnitCode>()
        var out: [UnitCode] = []
        func add(_ code: UnitCode) { if seen.insert(code).inserted { out.append(code) } }
        for r in rules {
            collect(r, add)
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case id, qan, title, purpose, level, creditValue, declaredSize, guidedLearningHours, totalQualificationTime
        case groups, rules, delivery, validity, assessments, assessmentNote, progression, notes
        case fieldOfStudy, language
        case version, registrationsFrom, allowsRegistrationGap, versions
    }

    /// Decodes a qualification; the version keys may be absent (a model written before versions existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(QualificationID.self, forKey: .id), qan: try c.decodeIfPresent(String.self, forKey: .qan),
            title: try c.decode(String.self, forKey: .title),
            purpose: try c.decodeIfPresent(String.self, forKey: .purpose),
            level: try c.decode(Level.self, forKey: .level),
            creditValue: try c.decode(Credits.self, forKey: .creditValue),
            declaredSize: try c.decodeIfPresent(SizeBand.self, forKey: .declaredSize),
            guidedLearningHours: try c.decodeIfPresent(GuidedLearningHours.self, forKey: .guidedLearningHours),
            totalQualificationTime: try c.decodeIfPresent(Int.self, forKey: .totalQualificationTime),
            groups: try c.decode([UnitGroup].self, forKey: .groups), rules: try c.decode([Rule].self, forKey: .rules),
            delivery: try c.decode(DeliveryRequirements.self, forKey: .delivery),
            validity: try c.decode(Validity.self, forKey: .validity),
            assessments: try c.decode([AssessmentID].self, forKey: .assessments),
            assessmentNote: try c.decodeIfPresent(String.self, forKey: .assessmentNote),
            progression: try c.decode([Progression].self, forKey: .progression),
            notes: try c.decode([String].self, forKey: .notes),
            fieldOfStudy: try c.decodeIfPresent(String.self, forKey: .fieldOfStudy),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            version: try c.decodeIfPresent(String.self, forKey: .version) ?? "1",
            registrationsFrom: try c.decodeIfPresent(CalendarDate.self, forKey: .registrationsFrom),
            allowsRegistrationGap: try c.decodeIfPresent(Bool.self, forKey: .allowsRegistrationGap) ?? false,
            versions: try c.decodeIfPresent([Qualification].self, forKey: .versions) ?? [])
    }

    /// Encodes a qualification; the version keys only when they say more than one version labelled "1"
    /// (so that a model written before versions existed reads the same).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encodeIfPresent(qan, forKey: .qan); try c.encode(title, forKey: .title)
        try c.encodeIfPresent(purpose, forKey: .purpose); try c.encode(level, forKey: .level)
        try c.encode(creditValue, forKey: .creditValue); try c.encodeIfPresent(declaredSize, forKey: .declaredSize)
        try c.encodeIfPresent(guidedLearningHours, forKey: .guidedLearningHours)
        try c.encodeIfPresent(totalQualificationTime, forKey: .totalQualificationTime)
        try c.encode(groups, forKey: .groups); try c.encode(rules, forKey: .rules);
        try c.encode(delivery, forKey: .delivery)
        try c.encode(validity, forKey: .validity); try c.encode(assessments, forKey: .assessments)
        try c.encodeIfPresent(assessmentNote, forKey: .assessmentNote); try c.encode(progression, forKey: .progression)
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(fieldOfStudy, forKey: .fieldOfStudy); try c.encodeIfPresent(language, forKey: .language)
        if version != "1" { try c.encode(version, forKey: .version) }
        try c.encodeIfPresent(registrationsFrom, forKey: .registrationsFrom)
        if allowsRegistrationGap { try c.encode(allowsRegistrationGap, forKey: .allowsRegistrationGap) }
        if !versions.isEmpty { try c.encode(versions, forKey: .versions) }
    }

    private func collect(_ rule: Rule, _ add: (UnitCode) -> Void) {
        rule.definition.countableUnits(in: self).forEach(add)
        switch rule.definition.structure {
        case .atomic: break
        case .all(let rules): rules.forEach { collect($0, add) }
        case .oneOf(let routes): routes.forEach { $0.rules.forEach { collect($0, add) } }
        }
    }
}

/// Delivery a centre must provide besides the units.
public struct DeliveryRequirements: Hashable, Sendable, Codable {
    public var minimumInductionHours: Hours?
    public var minimumTutorialHours: Hours?
    public init(minimumInductionHours: Hours? = nil, minimumTutorialHours: Hours? = nil) {
        self.minimumInductionHours = minimumInductionHours; self.minimumTutorialHours = minimumTutorialHours
    }
}

/// When a qualification may be started, registered for and certificated.
public struct Validity: Hashable, Sendable, Codable {
    public var operationalStart: CalendarDate?
    /// Last day a learner may register.
    public var registrationEnd: CalendarDate?
    /// Last day a learner may be certificated (every unit achieved by then).
    public var certificationEnd: CalendarDate?
    /// Years from registration within which the qualification must be completed.
    public var completionYears: Int?
    public init(
        operationalStart: CalendarDate? = nil, registrationEnd: CalendarDate? = nil,
        certificationEnd: CalendarDate? = nil, completionYears: Int? = nil
    ) {
        self.operationalStart = operationalStart; self.registrationEnd = registrationEnd
        self.certificationEnd = certificationEnd; self.completionYears = completionYears
    }
}

/// A qualification a learner may progress to.
public enum Progression: Hashable, Sendable, Codable {
    /// A qualification in a loaded pack.
    case qualification(QualificationID)
    /// A qualification outside the loaded packs, by name.
    case text(String)
}

/// A family of qualifications as one spec pack describes it.
public struct QualificationFamily: Hashable, Sendable, Codable {
    public var id: String
    public var family: String
    public var awardingOrganisation: String
    public var version: String
    public var sources: [String]
    public var units: [LearningUnit]
    /// Every group the pack declares, in its order, whether or not a rule names it (a document may list
    /// its units under a group heading that no rule of combination refers to, as 8577's "Group 1").
    /// Each qualification holds the groups its rules name in ``Qualification/groups``.
    public var groups: [UnitGroup]
    public var qualifications: [Qualification]
    public var assessments: [Assessment]
    public var notes: [String]
    /// Classes of equivalent units (credit transfer): achieving one unit of a class counts as achieving
    /// any other of it, once. Units may belong to other families of the catalog.
    public var equivalentUnits: [[UnitCode]]

    public init(
        id: String, family: String, awardingOrganisation: String, version: String, sources: [String] = [],
        units: [LearningUnit], groups: [UnitGroup] = [], qualifications: [Qualification],
        assessments: [Assessment] = [],
        notes: [String] = [], equivalentUnits: [[UnitCode]] = []
    ) {
        self.id = id; self.family = family; self.awardingOrganisation = awardingOrganisation; self.version = version
        self.sources = sources; self.units = units; self.groups = groups; self.qualifications = qualifications
        self.assessments = assessments; self.notes = notes; self.equivalentUnits = equivalentUnits
    }

    enum CodingKeys: String, CodingKey {
        case id, family, awardingOrganisation, version, sources, units, groups, qualifications, assessments, notes,
            equivalentUnits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), family: try c.decode(String.self, forKey: .family),
            awardingOrganisation: try c.decode(String.self, forKey: .awardingOrganisation),
            version: try c.decode(String.self, forKey: .version),
            sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [],
            units: try c.decode([LearningUnit].self, forKey: .units),
            groups: try c.decodeIfPresent([UnitGroup].self, forKey: .groups) ?? [],
            qualifications: try c.decode([Qualification].self, forKey: .qualifications),
            assessments: try c.decodeIfPresent([Assessment].self, forKey: .assessments) ?? [],
            notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [],
            equivalentUnits: try c.decodeIfPresent([[UnitCode]].self, forKey: .equivalentUnits) ?? [])
    }
}

extension Qualification {
    /// The classes of `equivalentUnits` that have a member among the qualification's units (a class counts
    /// once towards it, as any one of its members), in their order.
    package func relevantEquivalenceClasses(_ equivalentUnits: [[UnitCode]]) -> [[UnitCode]] {
        let own = Set(units)
        return equivalentUnits.filter { $0.contains(where: own.contains) }
    }
}
