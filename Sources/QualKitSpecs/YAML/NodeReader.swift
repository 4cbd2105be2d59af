import Yams

/// Reads a Yams node tree into model values, recording a diagnostic with file, line and column for every
/// problem instead of stopping at the first. All line arithmetic for spec packs lives here.
struct NodeReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        let m = node?.mark
        return SourceLocation(file: file, line: m?.line ?? 1, column: m?.column ?? 1)
    }

    mutating func error(_ id: DiagnosticID, _ message: String, at node: Node?, notes: [String] = []) {
        diagnostics.append(Diagnostic(id, .error, message, at: location(node), notes: notes))
    }

    mutating func warning(_ id: DiagnosticID, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(id, .warning, message, at: location(node)))
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The fields of mapping `node`, checked against `allowed` keys (unknown keys get a "did you mean")
    /// and `required` keys (missing ones reported at the mapping). `nil` if `node` is not a mapping.
    mutating func fields(
        _ node: Node, _ what: String, allowed: [String], required: [String] = [],
        object: PackSchema.Object? = nil
    ) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(.wrongType, "\(what) must be a mapping of keys to values, found \(Self.kind(node))", at: node)
            return nil
        }
        var f = Fields(node: node)
        var suggested: Set<String> = [] // required keys an unknown key is taken for: that diagnostic says it
        var misplaced = false // a key of a nested mapping, here by its indentation
        for (k, v) in mapping {
            guard case .scalar(let ks) = k else {
                error(.wrongType, "keys of \(what) must be plain names, found \(Self.kind(k))", at: k)
                continue
            }
            let key = ks.string
            if allowed.contains(key) {
                f.values[key] = v
                f.keys[key] = k
            } else {
                let guess = Self.suggestion(for: key, among: allowed)
                if let guess { suggested.insert(guess) }
                if guess == nil, let object, let home = Self.home(of: key, in: object) {
                    misplaced = true
                    error(.unknownKey, "unknown key '\(key)' in \(what); \(home)", at: k)
                    continue
                }
                let hint =
                    guess.map { "did you mean '\($0)'?" } ?? "expected one of: \(allowed.joined(separator: ", "))"
                error(.unknownKey, "unknown key '\(key)' in \(what); \(hint)", at: k)
            }
        }
        // A mapping whose keys are all misplaced is an indentation slip (a rule out-dented into a new
        // route, say), not a mapping missing its fields: "add 'route: …'" would be the wrong fix.
        let onlyMisplaced = misplaced && f.values.isEmpty
        for r in required where f.values[r] == nil && !suggested.contains(r) && !onlyMisplaced {
            error(.missingField, "\(what) is missing required field '\(r)'; add '\(r): …'", at: node)
        }
        return f
    }

    /// The fields of mapping `node`, checked against the keys of `object` (``PackSchema``).
    mutating func fields(_ node: Node, _ what: String, _ object: PackSchema.Object) -> Fields? {
        fields(node, what, allowed: object.allowed, required: object.required, object: object)
    }

    /// Where `key` belongs when a key of `object` holds it (`tutorial_hours` under `delivery`, a rule under
    /// `rules`): the fix for a key written at the wrong indentation, or nil.
    static func home(of key: String, in object: PackSchema.Object) -> String? {
        for k in object.keys {
            switch k.type {
            case .object(let inner) where inner.allowed.contains(key):
                return "'\(key)' is a key of '\(k.name)': indent it under '\(k.name):', deeper than '\(k.name)'"
            case .list(.object(let inner), _) where inner.allowed.contains(key):
                return
                    """
                    '\(key)' is a key of an item of '\(k.name)': indent it under '\(k.name):' with the other keys \
                    of that item
                    """
            case .list(.rule, _) where PackSchema.rules.allowed.contains(key):
                return
                    """
                    '\(key)' is a rule, so it belongs in a '\(k.name)' list: indent it under the '\(k.name):' \
                    above, as an item of that list
                    """
            default:
                continue
            }
        }
        return nil
    }

    /// A whole number of key `key` of `object`, in the range ``PackSchema`` gives it.
    mutating func int(_ fields: Fields, _ key: String, of object: PackSchema.Object, _ what: String) -> Int? {
        let r = object.range(key)
        return int(fields[key], what, min: r.lowerBound, max: r.upperBound)
    }

    struct Fields {
        let node: Node
        var values: [String: Node] = [:]
        var keys: [String: Node] = [:]
        subscript(_ key: String) -> Node? { values[key] }
    }

    mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            error(.wrongType, "\(what) must be text, found \(Self.kind(node))", at: node)
            return nil
        }
        if s.string.isEmpty || (s.style == .plain && s.string == "~") || (s.style == .plain && s.string == "null") {
            error(.invalidValue, "\(what) must not be empty", at: node)
            return nil
        }
        return s.string
    }

    /// Text of an id or a code, with an error unless it holds letters, digits, '.', '-', '_' and '/' only
    /// (what every output format carries unquoted: CSV joins lists with ';', diagnostics use ':' and spaces).
    mutating func identifier(_ node: Node?, _ what: String) -> String? {
        guard let s = string(node, what) else { return nil }
        if let bad = s.first(where: {
            !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" || $0 == "/")
        }) {
            let shown =
                bad.isWhitespace
                ? "a space"
                : bad.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F })
                    ? "a control character" : "'\(bad)'"
            error(
                .invalidValue,
                "\(what) '\(s)' contains \(shown); ids and codes use letters, digits, '.', '-', '_' and '/'", at: node)
        } else if s.hasPrefix("-") {
            // On a command line it reads as an option (`--qualification -x`), in a spreadsheet as a formula.
            error(
                .invalidValue,
                """
                \(what) '\(s)' starts with '-', which a command line reads as an option and a spreadsheet as a \
                formula; start it with a letter or digit
                """,
                at: node)
        }
        return s // read on, so that references to it do not each report it again (the error rejects the pack)
    }

    mutating func int(_ node: Node?, _ what: String, min: Int = 0, max: Int = 1_000_000) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else {
            error(.wrongType, "\(what) must be a whole number, found \(Self.describe(node))", at: node)
            return nil
        }
        guard let n = Int(s.string) else {
            if Double(s.string) != nil {
                error(
                    .wrongType, "\(what) must be a whole number, found '\(s.string)'; write it without a fraction",
                    at: node)
            } else {
                error(.wrongType, "\(what) must be a whole number, found '\(s.string)'", at: node)
            }
            return nil
        }
        guard n >= min, n <= max else {
            error(.invalidValue, "\(what) must be between \(min) and \(max), found \(n)", at: node)
            return nil
        }
        return n
    }

    mutating func hours(_ node: Node?, _ what: String) -> Hours? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any, let d = Double(s.string), d.isFinite
        else {
            error(.wrongType, "\(what) must be a number of hours, found \(Self.describe(node))", at: node)
            return nil
        }
        guard d >= 0, d <= 100_000 else {
            error(.invalidValue, "\(what) must be between 0 and 100000 hours, found \(s.string)", at: node)
            return nil
        }
        return Hours(d)
    }

    mutating func date(_ node: Node?, _ what: String) -> CalendarDate? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            error(.wrongType, "\(what) must be a date written YYYY-MM-DD, found \(Self.describe(node))", at: node)
            return nil
        }
        do { return try CalendarDate(parsing: s.string) } catch let parse {
            if parse.problem == .format {
                error(.wrongType, "\(what) must be a date written YYYY-MM-DD, found \(Self.describe(node))", at: node)
            } else {
                error(.invalidValue, "\(what): \(parse)", at: node) // the field out of range, and its range
            }
            return nil
        }
    }

    mutating func level(_ node: Node?, _ what: String) -> Level? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, let l = Level(parsing: s.string) else {
            error(
                .invalidValue,
                "\(what) must be a level: 1 to 8, or E1 to E3 for entry level; found \(Self.describe(node))", at: node)
            return nil
        }
        return l
    }

    mutating func list(_ node: Node?, _ what: String) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let seq) = node else {
            if case .scalar(let sc) = node, sc.style == .plain,
                sc.string.isEmpty || sc.string == "~" || sc.string == "null"
            {
                // Nothing after the key: the items are missing, or written no deeper than the key.
                error(
                    .wrongType,
                    """
                    \(what) must be a list, but nothing follows it; write its items on the lines below, each \
                    starting with '- ' and indented deeper than the key
                    """,
                    at: node)
                return nil
            }
            error(.wrongType, "\(what) must be a list, found \(Self.describe(node))", at: node)
            return nil
        }
        return Array(seq)
    }

    mutating func strings(_ node: Node?, _ what: String) -> [(String, Node)]? {
        guard let items = list(node, what) else { return nil }
        return items.compactMap { n in string(n, "each entry of \(what)").map { ($0, n) } }
    }

    static func describe(_ node: Node) -> String {
        if case .scalar(let s) = node { return "'\(s.string)'" }
        return kind(node)
    }

    /// The allowed key closest to `key` by edit distance, if close enough to be a likely typo.
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        Suggestion.closest(to: key, among: allowed)
    }
}
