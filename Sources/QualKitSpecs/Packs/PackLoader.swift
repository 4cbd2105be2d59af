import Foundation
import Yams

/// Loads spec packs from directories or text and validates them.
///
/// Loading collects every diagnostic rather than stopping at the first: YAML syntax, unknown keys (with a
/// "did you mean"), wrong types, missing fields, duplicate ids, dangling references, and the consistency
/// checks of ``PackAnalysis`` (credit values, size bands, GLH totals, dates, mark sheets).
///
/// ```swift
/// let result = PackLoader.load(directory: "Specs/D3")
/// for d in result.diagnostics { print(d) }      // Specs/D3/units.yaml:12:5: error: …
/// if let pack = result.pack { print(pack.id, pack.family.qualifications.count, "qualifications") }
/// ```
public enum PackLoader {
    /// The file names a pack may contain; `pack.yaml`, `units.yaml` and `qualifications.yaml` are required.
    public static let fileNames = ["pack.yaml", "units.yaml", "qualifications.yaml", "assessments.yaml"]
    static let requiredFiles: Set<String> = ["pack.yaml", "units.yaml", "qualifications.yaml"]

    /// The files read from a pack directory, and what was wrong with reading them.
    public struct DirectorySource: Sendable {
        /// The files that could be read.
        public var source: PackSource
        /// Files missing, unreadable, too large or not pack files.
        public var diagnostics: [Diagnostic]
    }

    /// Reads the pack files of `directory`. Unreadable or missing files become diagnostics.
    public static func source(directory: String, limits: Limits = .default) -> DirectorySource {
        var files: [String: String] = [:]
        var diags: [Diagnostic] = []
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let dir = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            diags.append(
                Diagnostic(
                    .missingFile, .error,
                    """
                    '\(dir)' is not a pack directory; give a directory that holds pack.yaml, units.yaml and \
                    qualifications.yaml
                    """,
                    at: SourceLocation(file: dir, line: 1, column: 1)))
            return DirectorySource(source: PackSource(origin: dir, files: [:]), diagnostics: diags)
        }
        let present = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        for name in present.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = "\(dir)/\(name)"
            guard fileNames.contains(name) else {
                diags.append(
                    Diagnostic(
                        .unknownKey, .warning,
                        """
                        '\(name)' is not a pack file and is ignored; a pack holds \
                        \(fileNames.joined(separator: ", "))
                        """,
                        at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            var isSubDir: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isSubDir), isSubDir.boolValue {
                diags.append(
                    Diagnostic(
                        .unreadableFile, .error, "'\(name)' is a directory; expected a YAML file",
                        at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > limits.maximumFileBytes {
                diags.append(
                    Diagnostic(
                        .limitExceeded, .error,
                        """
                        '\(name)' is \(size) bytes, over the limit of \(limits.maximumFileBytes) bytes for a pack \
                        file
                        """,
                        at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            guard let data = fm.contents(atPath: path) else {
                diags.append(
                    Diagnostic(
                        .unreadableFile, .error, "cannot read '\(name)'; check that the file exists and is readable",
                        at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diags.append(
                    Diagnostic(
                        .unreadableFile, .error, "'\(name)' is not UTF-8 text; save it as UTF-8",
                        at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            files[name] = text
        }
        return DirectorySource(source: PackSource(origin: dir, files: files), diagnostics: diags)
    }

    /// The `id` that the pack's `pack.yaml` declares, if it can be read (to know, before loading a pack,
    /// which bundled pack it replaces).
    public static func declaredID(_ source: PackSource) -> String? {
        guard let text = source.files["pack.yaml"], let node = try? composeTree(text),
            case .mapping(let m) = node
        else { return nil }
        for (k, v) in m {
            if case .scalar(let ks) = k, ks.string == "id", case .scalar(let vs) = v { return vs.string }
        }
        return nil
    }

    /// Loads and validates the pack in `directory`.
    public static func load(
        directory: String, context: QualificationCatalog = QualificationCatalog(), limits: Limits = .default
    ) -> PackLoadResult {
        let read = source(directory: directory, limits: limits)
        let (src, diags) = (read.source, read.diagnostics)
        // No directory: that one diagnostic says it all (not one more for every file it lacks).
        if src.files.isEmpty, diags.contains(where: { $0.id == .missingFile }) {
            return PackLoadResult(pack: nil, diagnostics: diags)
        }
        var r = load(src, context: context, limits: limits)
        r.diagnostics = diags + r.diagnostics
        if r.diagnostics.hasErrors { r.pack = nil }
        return r
    }

    /// Resource limits for reading pack files: packs come from third parties, and a hostile one must be
    /// rejected quickly with bounded memory.
    public struct Limits: Sendable, Hashable {
        /// Largest pack file, in bytes.
        public var maximumFileBytes = 4 << 20
        /// Most YAML nodes in one file, counting every use of an alias (so a "billion laughs" document is
        /// stopped as soon as its expansion passes the limit, without being expanded).
        public var maximumNodes = 200_000
        /// Deepest nesting of mappings and lists (a level of nested `any_of` takes four).
        public var maximumDepth = 64
        /// Longest scalar, in bytes.
        public var maximumScalarBytes = 64 << 10
        /// The most work one qualification may ask of the evaluator for one learner; a qualification over
        /// it is rejected with `limit-exceeded` at the rule that causes it.
        public var evaluation = EvaluationLimits.default
        public init() {}
        public static let `default` = Limits()
    }

    /// Loads and validates a pack from its files' text.
    ///
    /// - Parameter source: the pack's files.
    /// - Parameter limits: nesting, size and evaluation limits (every one is reported as `limit-exceeded`).
    /// - Parameter context: packs already loaded; a pack may name their qualifications as progression
    ///   targets, and must not redefine any of their units, qualifications or assessments.
    public static func load(
        _ source: PackSource, context: QualificationCatalog = QualificationCatalog(), limits: Limits = .default
    ) -> PackLoadResult {
        var diags: [Diagnostic] = []
        var roots: [String: (Node, String)] = [:]
        var unreadable: Set<String> = []
        for name in fileNames {
            let display = source.displayName(name)
            guard let text = source.files[name] else {
                if requiredFiles.contains(name) {
                    diags.append(
                        Diagnostic(
                            .missingFile, .error,
                            """
                            the pack has no '\(name)'; every pack needs \
                            \(requiredFiles.sorted().joined(separator: ", "))
                            """,
                            at: SourceLocation(file: display, line: 1, column: 1)))
                }
                continue
            }
            let size = text.utf8.count
            if size > limits.maximumFileBytes {
                diags.append(
                    Diagnostic(
                        .limitExceeded, .error,
                        """
                        '\(name)' is \(size) bytes, over the limit of \(limits.maximumFileBytes) bytes for a pack \
                        file; split the pack or raise PackLoader.Limits.maximumFileBytes
                        """,
                        at: SourceLocation(file: display, line: 1, column: 1)))
                unreadable.insert(name)
                continue
            }
            let parsed = compose(text, file: display)
            diags += parsed.diagnostics
            if !parsed.readable { unreadable.insert(name); continue }
            if let node = parsed.node {
                if let problem = checkLimits(node, limits) {
                    let m = problem.node.mark
                    diags.append(
                        Diagnostic(
                            .limitExceeded, .error, "'\(name)': \(problem.message)",
                            at: SourceLocation(file: display, line: m?.line ?? 1, column: m?.column ?? 1)))
                    unreadable.insert(name)
                } else {
                    roots[name] = (node, display)
                }
            } else if parsed.diagnostics.isEmpty {
                diags.append(
                    Diagnostic(
                        .missingField, .error, "'\(name)' is empty; expected a mapping",
                        at: SourceLocation(file: display, line: 1, column: 1)))
            }
        }
        var builder = PackBuilder(context: context)
        builder.unreadableFiles = unreadable
        let family = builder.build(roots)
        diags += builder.diagnostics
        var steps = 0
        if let family {
            // Consistency checks only on a pack that read cleanly: on a broken one they would only echo
            // the errors above.
            if !diags.hasErrors {
                let found = PackAnalysis.analyse(
                    family, locations: builder.locations, context: context, limits: limits.evaluation)
                diags += found.diagnostics
                steps = found.worstCaseSteps
            }
            for c in context.conflicts(adding: family) {
                let loc = builder.locations["\(c.kind):\(c.key)"] ?? builder.locations["pack"]
                diags.append(Diagnostic(.packConflict, .error, c.description, at: loc))
            }
        }
        let pack =
            diags.hasErrors
            ? nil
            : family.map {
                SpecPack(family: $0, origin: source.origin, locations: builder.locations, worstCaseSteps: steps)
            }
        return PackLoadResult(pack: pack, diagnostics: diags)
    }

    /// The first limit `root` breaks, walking at most `maximumNodes` nodes (aliases count at every use).
    static func checkLimits(_ root: Node, _ limits: Limits) -> (node: Node, message: String)? {
        var count = 0
        var found: (Node, String)?
        func walk(_ node: Node, _ depth: Int) -> Bool {
            count += 1
            if count > limits.maximumNodes {
                found = (
                    node,
                    """
                    more than \(limits.maximumNodes) YAML nodes (counting each use of an alias); a pack is far \
                    smaller: remove repeated aliases (a \"billion laughs\" document) or raise \
                    PackLoader.Limits.maximumNodes
                    """
                )
                return false
            }
            if depth > limits.maximumDepth {
                found = (node, "nesting deeper than \(limits.maximumDepth) levels; a pack needs at most a few")
                return false
            }
            switch node {
            case .scalar(let s):
                if s.string.utf8.count > limits.maximumScalarBytes {
                    found = (
                        node,
                        """
                        a value of \(s.string.utf8.count) bytes, over the limit of \(limits.maximumScalarBytes) \
                        bytes for one value
                        """
                    )
                    return false
                }
            case .mapping(let m):
                for (k, v) in m { if !walk(k, depth + 1) || !walk(v, depth + 1) { return false } }
            case .sequence(let seq):
                for v in seq { if !walk(v, depth + 1) { return false } }
            case .alias:
                break
            }
            return true
        }
        _ = walk(root, 0)
        return found
    }

    /// The most syntax mistakes reported in one file: each one repaired costs a parse of the file.
    static let maximumRepairs = 20

    /// Parses `text`, reporting every syntax mistake it can in one run, not only the first.
    ///
    /// After a mistake whose repair is certain, the text is repaired and parsed again: a repeated key (the
    /// repeat and what is nested under it are left out) and a tab in the indentation (spaces instead, as
    /// deep as the line's neighbours). When every mistake was of that kind, `node` is the tree of the
    /// repaired text and `readable` is true, so that the content checks still run (a date that does not
    /// exist is reported in the same run as a repeated key). After any other mistake the file is not
    /// read further.
    ///
    /// - Complexity: O(*n* × *r*), *n* the size of the file and *r* the mistakes repaired (at most
    ///   ``maximumRepairs``).
    static func compose(_ text: String, file: String) -> (node: Node?, diagnostics: [Diagnostic], readable: Bool) {
        var diagnostics: [Diagnostic] = []
        var current = text
        var lines: [String]?
        for _ in 0...maximumRepairs {
            do {
                return (try composeTree(current), diagnostics, true)
            } catch {
                let d = yamlDiagnostic(error, file: file, text: current)
                // no progress
                if diagnostics.contains(where: { $0.location?.line == d.location?.line && $0.id == d.id }) { break }
                if lines == nil { lines = yamlLines(text).map(String.init) }
                guard let line = d.location?.line, line >= 1, line <= lines!.count,
                    let repaired = repair(error, diagnostic: d, line: line, lines: lines!)
                else {
                    diagnostics.append(d)
                    return (nil, diagnostics, false)
                }
                diagnostics.append(repaired.diagnostic)
                lines = repaired.lines
                current = lines!.joined(separator: "\n")
            }
        }
        return (nil, diagnostics, false)
    }

    /// `Yams.compose(yaml:)`: the same nodes (text, style, marks) or the same error, without most of its
    /// cost. Checking a mapping for repeated keys compares the keys' resolved tags, and the default
    /// resolver finds each plain key's tag by trying its regular expressions in turn (about half of
    /// composing a pack).
    ///
    /// Composed first with a resolver without rules (every plain scalar a string, nothing read from the
    /// tags: the pack reader looks at the text and the style only). Two keys with the same text are then
    /// repeats whenever the default resolver makes them repeats, unless one of them carries an explicit
    /// tag other than `!!str` (`!!int 1` repeats `1` only under the default resolver): a text with a `!`
    /// goes straight to the default resolver. The converse does not hold (`"1"` repeats `1` only without
    /// rules), so a repeated key is confirmed with the default resolver, which also words the error.
    static func composeTree(_ text: String) throws -> Node? {
        if !text.utf8.contains(UInt8(ascii: "!")) {
            do { return try Yams.compose(yaml: text, .basic) } catch YamlError.duplicatedKeysInMapping(_, _) {}
        }
        return try Yams.compose(yaml: text)
    }

    /// The repair of a mistake at `line` (1-based) whose fix is certain, and its diagnostic (reworded
    /// with the fix), or nil. Lines keep their numbers: a line left out becomes empty.
    static func repair(_ error: any Error, diagnostic problem: Diagnostic, line: Int, lines: [String]) -> (
        lines: [String], diagnostic: Diagnostic
    )? {
        var out = lines
        let text = lines[line - 1]
        func indentation(_ text: String) -> Int { text.prefix { $0 == " " }.count }
        func isContent(_ text: String) -> Bool {
            let t = text.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }
        if problem.id == .duplicateKey {
            // Leave out the repeat and every deeper line under it.
            let own = indentation(text)
            out[line - 1] = ""
            var n = line
            while n < out.count, !isContent(out[n]) || indentation(out[n]) > own { out[n] = ""; n += 1 }
            return (out, problem)
        }
        let leading = text.prefix { $0 == " " || $0 == "\t" }
        guard leading.contains("\t") else { return nil }
        // A tab in the indentation: the spaces of the nearest line above with content, or two more when
        // that line opens a block (ends with ':'); the first that parses past this line.
        var above = line - 2
        while above >= 0, !isContent(lines[above]) { above -= 1 }
        let base = above >= 0 ? indentation(lines[above]) : 0
        let opens = above >= 0 && lines[above].trimmingCharacters(in: .whitespaces).hasSuffix(":")
        let body = text.dropFirst(leading.count)
        for width in (opens ? [base + 2, base] : [base, base + 2]) {
            out[line - 1] = String(repeating: " ", count: width) + body
            let next: Int?
            do { _ = try composeTree(out.joined(separator: "\n")); next = nil } catch {
                next = yamlDiagnostic(error, file: "", text: out.joined(separator: "\n")).location?.line
            }
            if next.map({ $0 > line }) ?? true {
                let tabColumn =
                    (leading.firstIndex(of: "\t").map { leading.distance(from: leading.startIndex, to: $0) } ?? 0) + 1
                let fixed = Diagnostic(
                    .yamlSyntax, .error,
                    """
                    a tab in the indentation; YAML indents with spaces only: indent this line with \(width) \
                    spaces\(above >= 0
                        ? " (as line \(above + 1) is\(opens ? ", plus two for the block it opens" : ""))" : "")
                    """,
                    at: SourceLocation(file: problem.location!.file, line: line, column: tabColumn))
                return (out, fixed)
            }
        }
        return nil
    }

    static func yamlDiagnostic(_ error: any Error, file: String, text: String) -> Diagnostic {
        func loc(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        guard let e = error as? YamlError else {
            return Diagnostic(
                .yamlSyntax, .error, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        switch e {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
            .composer(let ctx, let problem, let mark, _):
            // libyaml notices a key without its colon, or an unclosed [ or {, on a later line than the
            // mistake; its context mark is where the key or the bracket starts: report the mistake there.
            if let c = ctx, c.mark.line < mark.line,
                c.text.hasPrefix("while scanning a simple key") || c.text.hasPrefix("while parsing a flow")
            {
                let what =
                    c.text.hasPrefix("while scanning a simple key")
                    ? "this key has no ':' after it"
                    : "the list or mapping that starts here is not closed, or lacks a ',' between two items"
                return Diagnostic(
                    .yamlSyntax, .error,
                    """
                    YAML syntax error: \(what) (\(problem), noticed at line \(mark.line), column \(mark.column)); \
                    check colons, brackets and quotes on this line
                    """,
                    at: loc(c.mark))
            }
            if let sentence = indentationMistake(
                problem: problem, context: ctx.map { ($0.text, $0.mark.line, $0.mark.column) },
                line: mark.line, lines: yamlLines(text))
            {
                return Diagnostic(
                    .yamlSyntax, .error, sentence.message,
                    at: SourceLocation(file: file, line: sentence.line, column: sentence.column))
            }
            let context = ctx.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return Diagnostic(
                .yamlSyntax, .error,
                "YAML syntax error: \(problem)\(context); check indentation, colons and quotes on this line",
                at: loc(mark))
        case .reader(let problem, _, _, _):
            return Diagnostic(
                .unreadableFile, .error, "cannot read the file as YAML text: \(problem); save it as UTF-8",
                at: SourceLocation(file: file, line: 1, column: 1))
        case .duplicatedKeysInMapping(let dups, let ctx):
            // Yams marks the first occurrence; point at the repeat, which is what needs removing.
            let key = dups.first ?? ""
            let lines = Self.yamlLines(text)
            let indent = ctx.mark.column - 1
            var repeatLine: Int?
            for n in min(ctx.mark.line, lines.count)..<lines.count {
                let l = lines[n]
                guard l.count > indent, l.prefix(indent).allSatisfy({ $0 == " " }) else { continue }
                let rest = l.dropFirst(indent)
                if rest.first == " " { continue }
                if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    repeatLine = n + 1; break
                }
                if !rest.isEmpty && !rest.hasPrefix("#") && n + 1 > ctx.mark.line && rest.first != "-" { continue }
            }
            let at = repeatLine.map { SourceLocation(file: file, line: $0, column: ctx.mark.column) } ?? loc(ctx.mark)
            return Diagnostic(
                .duplicateKey, .error,
                """
                duplicate key '\(key)' (first at line \(ctx.mark.line), again at line \
                \(repeatLine ?? ctx.mark.line)); a key may appear once in a mapping: remove or rename the repeat
                """,
                at: at)
        default:
            return Diagnostic(
                .yamlSyntax, .error, "cannot parse YAML: \(e)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// A sentence for a mistake of indentation that libyaml reports as "did not find expected key",
    /// "did not find expected '-' indicator", "mapping values are not allowed" or a tab, at the line that
    /// is out of line (libyaml notices some of them a line late), or nil for any other mistake.
    static func indentationMistake(
        problem: String, context: (text: String, line: Int, column: Int)?, line: Int,
        lines: [Substring]
    ) -> (line: Int, column: Int, message: String)? {
        guard line >= 1, line <= lines.count else { return nil }
        func indentation(_ lineNumber: Int) -> Int { lines[lineNumber - 1].prefix { $0 == " " }.count }
        func isContent(_ lineNumber: Int) -> Bool {
            let t = lines[lineNumber - 1].trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }
        func isItem(_ lineNumber: Int) -> Bool {
            lines[lineNumber - 1].dropFirst(indentation(lineNumber)).hasPrefix("-")
        }
        /// The column (1-based) of the first key on line `lineNumber`: after "- " for an item.
        func keyColumn(_ lineNumber: Int) -> Int {
            let rest = lines[lineNumber - 1].dropFirst(indentation(lineNumber))
            guard rest.hasPrefix("-") else { return indentation(lineNumber) + 1 }
            return indentation(lineNumber) + 1 + 1 + rest.dropFirst().prefix { $0 == " " }.count
        }
        func key(_ lineNumber: Int) -> String {
            let rest = lines[lineNumber - 1].dropFirst(keyColumn(lineNumber) - 1)
            return String(rest.prefix { $0 != ":" && $0 != " " })
        }
        var above = line - 1
        while above >= 1, !isContent(above) { above -= 1 }
        let here = indentation(line) + 1
        let leading = lines[line - 1].prefix { $0 == " " || $0 == "\t" }
        if problem.contains("tab") && leading.contains("\t") {
            return (line, 1, "a tab in the indentation; YAML indents with spaces only: indent this line with spaces")
        }
        if problem.hasPrefix("mapping values are not allowed"), above >= 1, here > keyColumn(above),
            lines[above - 1].contains(": "), !lines[above - 1].trimmingCharacters(in: .whitespaces).hasSuffix(":")
        {
            return (
                line, here,
                """
                '\(key(line))' is indented deeper than '\(key(above))' on line \(above), so YAML reads this line \
                as more of that value, where a key cannot start; line it up with '\(key(above))' (column \
                \(keyColumn(above)))
                """
            )
        }
        guard let context, problem.hasPrefix("did not find expected"), above >= 1 else { return nil }
        let list = problem.contains("'-'")
        // The line above is the one out of line when this one keeps the file's shape.
        if isItem(above), !isItem(line), keyColumn(above) != indentation(above) + 3, here == indentation(above) + 3 {
            return (
                above, keyColumn(above),
                """
                the key '\(key(above))' starts at column \(keyColumn(above)), but the next line's '\(key(line))' \
                (line \(line)) starts at column \(here), one space after '- ': put one space after '-' so that \
                the keys of this item line up
                """
            )
        }
        if isItem(above), isItem(line), indentation(above) != indentation(line) {
            var parent = above - 1
            while parent >= 1, !isContent(parent) || indentation(parent) >= indentation(line) { parent -= 1 }
            if parent >= 1, lines[parent - 1].trimmingCharacters(in: .whitespaces).hasSuffix(":"),
                indentation(line) == indentation(parent) + 2, indentation(above) != indentation(parent) + 2
            {
                return (
                    above, indentation(above) + 1,
                    """
                    this item of the list under '\(key(parent))' (line \(parent)) starts at column \
                    \(indentation(above) + 1), but the next item (line \(line)) starts at column \(here); items \
                    of one list start at the same column: indent this one to column \(here)
                    """
                )
            }
        }
        if list {
            // The item above, of that list: its keys are where a key of this item goes.
            var item = above
            while item >= 1, !(isContent(item) && isItem(item) && indentation(item) + 1 == context.column) { item -= 1 }
            let keys = item >= 1 ? keyColumn(item) : context.column + 2
            return (
                line, here,
                """
                this line starts at column \(here), which fits none of the blocks above it: the items of the list \
                that starts at line \(context.line) start at column \(context.column) ('- '), and their keys at \
                column \(keys); indent it to column \(keys) to add it to the item above, or start a new item with \
                '- ' at column \(context.column)
                """
            )
        }
        return (
            line, here,
            """
            this line starts at column \(here), which fits none of the blocks above it: the keys of the mapping \
            that starts at line \(context.line) are at column \(context.column); line it up with them, or indent \
            it under a key that ends with ':'
            """
        )
    }

    /// The lines of `text` as YAML counts them (libyaml's marks): a line ends at LF, CR LF, CR, NEL,
    /// U+2028 or U+2029.
    static func yamlLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var i = start
        while i < text.endIndex {
            let c = text[i] // "\r\n" is one Character
            if c == "\n" || c == "\r\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                lines.append(text[start..<i])
                i = text.index(after: i)
                start = i
            } else {
                i = text.index(after: i)
            }
        }
        lines.append(text[start...])
        return lines
    }
}
