import Crypto
import QualKitCore

extension Achievement {
    /// The achievement of `qualification`, a qualification of the pack `family`, every member derived from
    /// the model:
    ///
    /// - `name` is the title; `description` the title and the purpose;
    /// - `criteria.narrative` the rules of combination and supervised practice, in the sentences of
    ///   `qualkit describe` (`PlainEnglish.rules(of:units:indent:)`);
    /// - `achievementType` `Award`, `Certificate` or `Diploma` from the size band;
    /// - `creditsAvailable` the credit value; `humanCode` and `otherIdentifier` (`ext:QAN`) the QAN;
    /// - `fieldOfStudy` and `inLanguage` the pack's `field_of_study` and `language`, absent when the pack
    ///   gives none; `creator` the pack's awarding organisation;
    /// - one `resultDescription` per unit the rules can count.
    ///
    /// Ids are `urn:uuid:` URIs made from a SHA-256 digest of the pack's and the qualification's ids (and the
    /// unit's code, for a result description; the organisation's name, for the creator), so they stay the
    /// same from run to run and machine to machine.
    ///
    /// ```swift
    /// let catalog = try PackRegistry.bundled().catalog
    /// if let family = catalog.family(of: "8577-award-coaching") {
    ///     let award = Achievement(family.qualifications[0], in: family, units: catalog.unitsByCode)
    ///     print(award.humanCode ?? "", award.achievementType ?? "")   // 600/5782/8 Award
    /// }
    /// ```
    ///
    /// - Complexity: O(*r* + *u*) for *r* rules and *u* units of the qualification.
    public init(_ qualification: Qualification, in family: QualificationFamily, units: [UnitCode: LearningUnit]) {
        let base = "qualkit:achievement:\(family.id):\(qualification.id.rawValue)"
        var narrative = ["A learner needs \(qualification.creditValue) credits:"]
        narrative += PlainEnglish.rules(of: qualification, units: units)
        let practice = PlainEnglish.supervisedPractice(of: qualification, units: units)
        if !practice.isEmpty { narrative += ["", "Supervised practice:"] + practice.map { "- " + $0 } }
        let organisation = family.awardingOrganisation
        self.init(
            id: StableURI.make(base),
            achievementType: qualification.size.map(Self.achievementType(of:)),
            name: qualification.title,
            description: [qualification.title + ".", qualification.purpose].compactMap { $0 }.joined(separator: " "),
            criteria: Criteria(narrative: narrative.joined(separator: "\n")),
            creditsAvailable: Double(qualification.creditValue.value),
            humanCode: qualification.qan,
            otherIdentifier: qualification.qan.map { [IdentifierEntry(identifier: $0, identifierType: "ext:QAN")] }
                ?? [],
            fieldOfStudy: qualification.fieldOfStudy,
            inLanguage: qualification.language,
            creator: Profile(id: StableURI.make("qualkit:awarding-organisation:\(organisation)"), name: organisation),
            resultDescription: qualification.units.map { code in
                let name = units[code].map { "\(code) \($0.title) (\($0.credits) credits)" } ?? code.rawValue
                return ResultDescription(
                    id: Self.resultDescriptionID(family: family.id, qualification: qualification.id, unit: code),
                    name: name)
            })
    }

    /// Every qualification of `catalog` as an achievement, in catalog order.
    ///
    /// - Complexity: O(*n*) in the size of the catalog's rules and units.
    public static func all(in catalog: QualificationCatalog) -> [Achievement] {
        catalog.families.flatMap { family in
            family.qualifications.map { Achievement($0, in: family, units: catalog.unitsByCode) }
        }
    }

    /// The Open Badges achievement type of a size band: `Award`, `Certificate` or `Diploma`, terms of the
    /// spec's `AchievementType` vocabulary.
    public static func achievementType(of size: SizeBand) -> String {
        switch size {
        case .award: "Award"
        case .certificate: "Certificate"
        case .diploma: "Diploma"
        }
    }

    /// The id of the result description of `unit` in the achievement of `qualification` of pack `family`.
    static func resultDescriptionID(family: String, qualification: QualificationID, unit: UnitCode) -> String {
        StableURI.make("qualkit:achievement:\(family):\(qualification.rawValue):unit:\(unit.rawValue)")
    }
}

/// `urn:uuid:` URIs that depend only on a name: the first 128 bits of its SHA-256 digest, with the
/// version nibble 8 (RFC 9562's custom UUIDs) and the RFC variant bits.
enum StableURI {
    static func make(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    /// 16 bytes as `urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    static func format(_ bytes: [UInt8]) -> String {
        let hex = Hex.lower(bytes)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20)
        ]
        return "urn:uuid:" + parts.joined(separator: "-")
    }
}

/// Lower-case hexadecimal.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)
    static func lower<C: Collection<UInt8>>(_ bytes: C) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
