/// The shape of a value in a spec pack file: what the loader accepts for a key and what `qualkit schema`
/// writes as JSON Schema. Each rule kind declares its argument with it (in its file under `Rules/`), and
/// `PackSchema` in QualKitSpecs describes every pack file with it.
public indirect enum PackSchemaType: Sendable {
    /// Text (a title, a note).
    case text
    /// An id or code: a unit code, a group, qualification or assessment id.
    case identifier
    /// A date written YYYY-MM-DD.
    case date
    /// A level: 1 to 8, or E1 to E3 for entry level.
    case level
    /// A whole number in the range.
    case integer(ClosedRange<Int>)
    /// A number of hours, 0 up to 100,000 (fractions allowed).
    case hours
    /// One of these words.
    case choice([String])
    /// A list of values of one type, with at least `minimum` items.
    case list(PackSchemaType, minimum: Int)
    /// A mapping with the keys of an object.
    case object(PackSchemaObject)
    /// A rule of combination: a mapping with one key, the key of one kind of rule.
    case rule
}

/// One key of a mapping in a pack file.
public struct PackSchemaKey: Sendable {
    public var name: String
    public var type: PackSchemaType
    public var required: Bool
    public var description: String
    /// A value as a pack would write it, for editors' hints (a whole number or hours as digits).
    public var example: String?
    public init(
        _ name: String, _ type: PackSchemaType, required: Bool = false, _ description: String,
        example: String? = nil
    ) {
        self.name = name; self.type = type; self.required = required; self.description = description
        self.example = example
    }
}

/// A mapping in a pack file: its keys, what it is, and an id for the JSON Schema definition.
public struct PackSchemaObject: Sendable {
    public var id: String
    public var title: String
    public var keys: [PackSchemaKey]
    public init(id: String, title: String, keys: [PackSchemaKey]) { self.id = id; self.title = title; self.keys = keys }
    public var allowed: [String] { keys.map(\.name) }
    public var required: [String] { keys.filter(\.required).map(\.name) }
    /// The key named `name` (the loader asks only for keys it declares here).
    public subscript(_ name: String) -> PackSchemaKey { keys.first { $0.name == name }! }
    /// The range of the whole-number key `name`.
    public func range(_ name: String) -> ClosedRange<Int> {
        if case .integer(let range) = self[name].type { return range }
        preconditionFailure("\(name) of \(id) is not a whole number")
    }
}
