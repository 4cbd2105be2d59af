/// An Open Badges 3.0 `Achievement`: what a learner is recognised for, derived from a qualification of a
/// spec pack (``init(_:in:units:)``), never written by hand.
///
/// Encoded with `JSONEncoder`, it is the Achievement object of the spec: `id`, `type`, `achievementType`,
/// `name`, `description`, `criteria`, `creditsAvailable`, `humanCode`, `otherIdentifier`, `fieldOfStudy`,
/// `inLanguage`, `creator` and `resultDescription`.
public struct Achievement: Hashable, Sendable, Codable {
    /// A URI that stays the same for the same pack and qualification (`urn:uuid:…`, see ``init(_:in:units:)``).
    public var id: String
    /// `["Achievement"]`.
    public var type: [String]
    /// `Award`, `Certificate` or `Diploma`, from the qualification's size band; `nil` when it has none.
    public var achievementType: String?
    /// The qualification's title.
    public var name: String
    /// The title and, where the pack gives one, the purpose.
    public var description: String
    /// What a learner must do: the rules of combination in plain English.
    public var criteria: Criteria
    /// The qualification's credit value.
    public var creditsAvailable: Double?
    /// The Qualification Accreditation Number (`600/5782/8`).
    public var humanCode: String?
    /// The QAN again, typed (`ext:QAN`), so that software can find it.
    public var otherIdentifier: [IdentifierEntry]
    /// The subject area, where the pack states one (`field_of_study`).
    public var fieldOfStudy: String?
    /// The language of the qualification as a BCP 47 code, where the pack states one (`language`).
    public var inLanguage: String?
    /// The awarding organisation, as the pack names it.
    public var creator: Profile?
    /// One `Status` result per unit the rules can count: a credential says which of them were completed.
    public var resultDescription: [ResultDescription]

    /// An achievement with every member given.
    public init(
        id: String, type: [String] = ["Achievement"], achievementType: String?, name: String, description: String,
        criteria: Criteria, creditsAvailable: Double?, humanCode: String?, otherIdentifier: [IdentifierEntry],
        fieldOfStudy: String?, inLanguage: String?, creator: Profile?, resultDescription: [ResultDescription]
    ) {
        self.id = id
        self.type = type
        self.achievementType = achievementType
        self.name = name
        self.description = description
        self.criteria = criteria
        self.creditsAvailable = creditsAvailable
        self.humanCode = humanCode
        self.otherIdentifier = otherIdentifier
        self.fieldOfStudy = fieldOfStudy
        self.inLanguage = inLanguage
        self.creator = creator
        self.resultDescription = resultDescription
    }

    /// Descriptive criteria: how the achievement is earned.
    public struct Criteria: Hashable, Sendable, Codable {
        /// Markdown.
        public var narrative: String
        /// Criteria with `narrative`.
        public init(narrative: String) { self.narrative = narrative }
    }

    /// A typed identifier (`IdentifierEntry`).
    public struct IdentifierEntry: Hashable, Sendable, Codable {
        /// `IdentifierEntry`.
        public var type: String
        /// The identifier.
        public var identifier: String
        /// What kind of identifier it is (`ext:QAN`).
        public var identifierType: String
        /// An entry of `identifierType` for `identifier`.
        public init(identifier: String, identifierType: String) {
            type = "IdentifierEntry"
            self.identifier = identifier
            self.identifierType = identifierType
        }
    }

    /// A result the achievement may be asserted with (`ResultDescription`): here, one unit.
    public struct ResultDescription: Hashable, Sendable, Codable {
        /// A URI that a credential's result refers to.
        public var id: String
        /// `["ResultDescription"]`.
        public var type: [String]
        /// The unit's code, title and credits.
        public var name: String
        /// `Status`: a result says whether the unit was completed.
        public var resultType: String
        /// A description with every member given.
        public init(id: String, type: [String] = ["ResultDescription"], name: String, resultType: String = "Status") {
            self.id = id
            self.type = type
            self.name = name
            self.resultType = resultType
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            type = try container.decodeTypes(forKey: .type)
            name = try container.decode(String.self, forKey: .name)
            resultType = try container.decode(String.self, forKey: .resultType)
        }
    }

    // MARK: - Codable

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decodeTypes(forKey: .type)
        achievementType = try container.decodeIfPresent(String.self, forKey: .achievementType)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        criteria = try container.decode(Criteria.self, forKey: .criteria)
        creditsAvailable = try container.decodeIfPresent(Double.self, forKey: .creditsAvailable)
        humanCode = try container.decodeIfPresent(String.self, forKey: .humanCode)
        otherIdentifier = try container.decodeIfPresent([IdentifierEntry].self, forKey: .otherIdentifier) ?? []
        fieldOfStudy = try container.decodeIfPresent(String.self, forKey: .fieldOfStudy)
        inLanguage = try container.decodeIfPresent(String.self, forKey: .inLanguage)
        creator = try container.decodeIfPresent(Profile.self, forKey: .creator)
        resultDescription = try container.decodeIfPresent([ResultDescription].self, forKey: .resultDescription) ?? []
    }
}
