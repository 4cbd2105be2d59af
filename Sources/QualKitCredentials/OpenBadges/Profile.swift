import Foundation

/// An Open Badges 3.0 `Profile`: the organisation that issues a credential, or that created an achievement.
///
/// `id` and `type` are required; the members QualKit does not model (`address`, `image`, `phone`, …) are
/// kept in ``otherMembers`` and written back as they were read.
///
/// ```swift
/// let issuer = Profile(id: "https://centre.example/issuer", name: "Example Centre")
/// ```
public struct Profile: Hashable, Sendable, Codable {
    /// A URI that identifies the profile (`https://…`, `did:…`, `urn:…`).
    public var id: String
    /// Includes `Profile`.
    public var type: [String]
    /// The organisation's name, as it names itself.
    public var name: String?
    /// Its web page.
    public var url: String?
    /// Its contact address.
    public var email: String?
    /// A short description of it.
    public var description: String?
    /// Members of the profile that QualKit does not model, by name.
    public var otherMembers: [String: JSONValue]

    /// A profile with `id` and `name`; `type` is `["Profile"]`.
    public init(
        id: String, type: [String] = ["Profile"], name: String? = nil, url: String? = nil, email: String? = nil,
        description: String? = nil, otherMembers: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.url = url
        self.email = email
        self.description = description
        self.otherMembers = otherMembers
    }

    // MARK: - Codable

    enum Member: String, CaseIterable { case id, type, name, url, email, description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decode(String.self, forKey: AnyKey(Member.id.rawValue))
        type = try container.decodeTypes(forKey: AnyKey(Member.type.rawValue))
        name = try container.decodeIfPresent(String.self, forKey: AnyKey(Member.name.rawValue))
        url = try container.decodeIfPresent(String.self, forKey: AnyKey(Member.url.rawValue))
        email = try container.decodeIfPresent(String.self, forKey: AnyKey(Member.email.rawValue))
        description = try container.decodeIfPresent(String.self, forKey: AnyKey(Member.description.rawValue))
        let modelled = Set(Member.allCases.map(\.rawValue))
        var others: [String: JSONValue] = [:]
        for key in container.allKeys where !modelled.contains(key.stringValue) {
            others[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        otherMembers = others
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(id, forKey: AnyKey(Member.id.rawValue))
        try container.encode(type, forKey: AnyKey(Member.type.rawValue))
        try container.encodeIfPresent(name, forKey: AnyKey(Member.name.rawValue))
        try container.encodeIfPresent(url, forKey: AnyKey(Member.url.rawValue))
        try container.encodeIfPresent(email, forKey: AnyKey(Member.email.rawValue))
        try container.encodeIfPresent(description, forKey: AnyKey(Member.description.rawValue))
        for (key, value) in otherMembers { try container.encode(value, forKey: AnyKey(key)) }
    }
}

extension Profile {
    /// Reads an issuer profile from the JSON text `data` (the contents of `issuer.json`), checking what
    /// Open Badges 3.0 requires of it: an object with a URI `id` and a `type` that includes `Profile`.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the file's name, for the error.
    /// - Throws: ``CredentialError`` of kind ``CredentialError/Kind/invalidProfile`` naming the member at
    ///   fault and what was expected.
    public init(json data: Data, file: String) throws(CredentialError) {
        func fail(_ message: String) -> CredentialError { CredentialError(.invalidProfile, "\(file): \(message)") }
        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: data)
        } catch let error as DecodingError {
            throw fail(DecodingProblem(error).sentence(of: "an Open Badges 3.0 Profile"))
        } catch {
            throw fail("is not JSON: \(error.localizedDescription)")
        }
        guard URIText.isAbsolute(profile.id) else {
            throw fail(
                "'id' is '\(profile.id)', not an absolute URI; "
                    + "give the issuer's URL, DID or URN (https://…, did:…)")
        }
        guard profile.type.contains("Profile") else {
            throw fail("'type' is \(profile.type), which does not include 'Profile'; write \"type\": [\"Profile\"]")
        }
        if let url = profile.url, !URIText.isAbsolute(url) {
            throw fail("'url' is '\(url)', not an absolute URI (https://…)")
        }
        self = profile
    }
}

/// Checks of URI text, as far as a credential needs them.
enum URIText {
    /// Whether `text` starts with a scheme (`https:`, `did:`, `urn:`) followed by something, with no space.
    static func isAbsolute(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex
        else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        let schemeOK = scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        return schemeOK && !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}

/// A `DecodingError` turned into a sentence that names the member at fault.
struct DecodingProblem {
    let error: DecodingError
    init(_ error: DecodingError) { self.error = error }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }

    /// What is wrong, for a document that should be `what`.
    func sentence(of what: String) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let at = Self.path(context.codingPath + [key])
            return "has no '\(at)', which \(what) requires"
        case .typeMismatch(let type, let context):
            let at = Self.path(context.codingPath)
            return at.isEmpty ? "is not a JSON object, as \(what) is" : "'\(at)' is not \(Self.name(of: type))"
        case .valueNotFound(let type, let context):
            return "'\(Self.path(context.codingPath))' is null; expected \(Self.name(of: type))"
        case .dataCorrupted(let context):
            let at = Self.path(context.codingPath)
            let why =
                (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
            return at.isEmpty ? "is not valid JSON (\(why))" : "'\(at)': \(context.debugDescription)"
        @unknown default:
            return "is not \(what)"
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type, is Int.Type: "a number"
        case is [String].Type: "a string or an array of strings"
        default: "of the expected shape"
        }
    }
}
