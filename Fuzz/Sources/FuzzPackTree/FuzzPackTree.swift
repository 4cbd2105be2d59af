// Structure-aware libFuzzer target for the spec pack loader. Byte-level mutations of YAML (what
// `qualkit-fuzz-specs` does) mostly break the YAML syntax and stop in the parser; this target starts from
// a valid bundled pack parsed into a Yams node tree and uses the input bytes only as a stream of choices
// for tree mutations — duplicate, drop or swap mapping entries and sequence items, rename keys, replace
// scalars with other scalars of the bundled packs or with edge values, move subtrees, nest deeper — so
// that nearly every input is well-formed YAML that reaches the pack builder and validator. The mutated
// files are serialised again, loaded with `PackLoader.load(_:context:)` (in the context of the bundled
// packs before it, as `BundledPacks.load()` does) and, when the pack loads, an `Evaluator` is built and a
// few learners derived from the pack's own units and assessments are evaluated.
//
// Build and run: see Fuzz/README.md.
//
// Built without -DFUZZING it replays the corpus (or the files given), as a regression test.
import QualKit
import Yams

/// The input bytes, read as choices; reads past the end give 0, so every input is a valid program.
struct Choices {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var isEmpty: Bool { at >= bytes.count }
    mutating func byte() -> Int {
        defer { at += 1 }
        return at < bytes.count ? Int(bytes[at]) : 0
    }
    /// A number in `0..<n` (n > 0), from one byte, or two when n > 256.
    mutating func pick(_ n: Int) -> Int {
        n <= 256 ? byte() % n : (byte() << 8 | byte()) % n
    }
}

/// One bundled pack: its sources, its files as node trees, and the catalog of the packs before it.
struct PackSeed {
    var source: PackSource
    var trees: [(name: String, node: Node)]
    var context: QualificationCatalog
}

/// Parsed once: the bundled packs and pools of material to mutate with. (Yams nodes are not `Sendable`;
/// libFuzzer and the replayer call the target from one thread only.)
nonisolated(unsafe) let seeds: [PackSeed] = {
    var out: [PackSeed] = []
    var context = QualificationCatalog()
    for src in BundledPacks.packSources {
        let trees = src.files.keys.sorted().compactMap { name in
            (try? Yams.compose(yaml: src.files[name]!)).flatMap { $0 }.map { (name: name, node: $0) }
        }
        out.append(PackSeed(source: src, trees: trees, context: context))
        if let p = PackLoader.load(src, context: context).pack { try? context.add(p.family) }
    }
    return out
}()

func collect(_ n: Node, scalars: inout [String], keys: inout [String], subtrees: inout [Node]) {
    switch n {
    case .scalar(let s): scalars.append(s.string)
    case .mapping(let m):
        subtrees.append(n)
        for (k, v) in m {
            if case .scalar(let s) = k { keys.append(s.string) }
            collect(v, scalars: &scalars, keys: &keys, subtrees: &subtrees)
        }
    case .sequence(let s):
        subtrees.append(n)
        for v in s { collect(v, scalars: &scalars, keys: &keys, subtrees: &subtrees) }
    case .alias: break
    }
}

/// Every scalar, mapping key and collection of the bundled packs (sorted and unique, so the same input
/// means the same mutation in every build), and edge values the readers must refuse or bound.
nonisolated(unsafe) let pools: (scalars: [String], keys: [String], subtrees: [Node]) = {
    var scalars: [String] = [], keys: [String] = [], subtrees: [Node] = []
    for s in seeds { for t in s.trees { collect(t.node, scalars: &scalars, keys: &keys, subtrees: &subtrees) } }
    let edge = ["", " ", "~", "null", "true", "no", "0", "-1", "-0", "1.5", "1e309", "-1e309", ".nan", ".inf",
                "9223372036854775807", "-9223372036854775808", "18446744073709551616", "0x10", "0o17",
                "2020-02-29", "2021-02-29", "0000-00-00", "9999-12-31", "2020-13-01", "2020-1-1",
                "D3.01", "8577-300", "8577", "d3", "ilm-8577", "ilm-8578", "é", "\u{0}", "a\nb", "\t",
                String(repeating: "x", count: 300), "{", "[", "*alias", "&anchor", "!!str", "- x", ": y"]
    // Only collections of moderate size (a transplanted units list would make every input slow), unique
    // and in the order of their text.
    var small: [String: Node] = [:]
    for n in subtrees { if let t = try? Yams.serialize(node: n), t.utf8.count <= 2048 { small[t] = n } }
    return (Array(Set(scalars + edge)).sorted(), Array(Set(keys)).sorted(), small.keys.sorted().map { small[$0]! })
}()
let scalarPool = pools.scalars, keyPool = pools.keys
nonisolated(unsafe) let subtreePool = pools.subtrees

/// Applies one mutation at a node reached by walking down from `node`; the choices pick the path and
/// the operation.
func mutate(_ node: inout Node, _ c: inout Choices, depth: Int = 0) {
    // Walk down: stop here one time in four, at a scalar, or past a depth the packs never use.
    let stop = c.byte() % 4 == 0 || depth > 12
    switch node {
    case .mapping(let m):
        var pairs = m.map { (key: $0.key, value: $0.value) }
        if !stop, !pairs.isEmpty {
            let i = c.pick(pairs.count)
            mutate(&pairs[i].value, &c, depth: depth + 1)
        } else {
            switch c.byte() % 9 {
            case 0 where !pairs.isEmpty: pairs.insert(pairs[c.pick(pairs.count)], at: c.pick(pairs.count + 1))   // duplicate key
            case 1 where !pairs.isEmpty: pairs.remove(at: c.pick(pairs.count))
            case 2 where pairs.count > 1: pairs.swapAt(c.pick(pairs.count), c.pick(pairs.count))                // order
            case 3 where pairs.count > 1:                                                                         // swap values
                let (i, j) = (c.pick(pairs.count), c.pick(pairs.count))
                (pairs[i].value, pairs[j].value) = (pairs[j].value, pairs[i].value)
            case 4 where !pairs.isEmpty: pairs[c.pick(pairs.count)].key = Node(keyPool[c.pick(keyPool.count)])     // rename key
            case 5: pairs.insert((Node(keyPool[c.pick(keyPool.count)]), Node(scalarPool[c.pick(scalarPool.count)])),
                                 at: c.pick(pairs.count + 1))                                                     // add entry
            case 6 where !pairs.isEmpty: pairs[c.pick(pairs.count)].value = subtreePool[c.pick(subtreePool.count)]
            case 7: node = Node([node]); return                                                                   // nest deeper
            default: node = Node(scalarPool[c.pick(scalarPool.count)]); return                                    // collapse
            }
        }
        node = Node(pairs.map { ($0.key, $0.value) }, m.tag, m.style)
    case .sequence(let s):
        var items = Array(s)
        if !stop, !items.isEmpty {
            mutate(&items[c.pick(items.count)], &c, depth: depth + 1)
        } else {
            switch c.byte() % 8 {
            case 0 where !items.isEmpty: items.insert(items[c.pick(items.count)], at: c.pick(items.count + 1))   // duplicate item
            case 1 where !items.isEmpty: items.remove(at: c.pick(items.count))
            case 2 where items.count > 1: items.swapAt(c.pick(items.count), c.pick(items.count))
            case 3: items.insert(Node(scalarPool[c.pick(scalarPool.count)]), at: c.pick(items.count + 1))
            case 4: items.insert(subtreePool[c.pick(subtreePool.count)], at: c.pick(items.count + 1))
            case 5: items = []
            case 6: node = Node([(Node(keyPool[c.pick(keyPool.count)]), node)]); return                           // nest deeper
            default: node = Node(scalarPool[c.pick(scalarPool.count)]); return
            }
        }
        node = Node(items, s.tag, s.style)
    case .scalar(let s):
        switch c.byte() % 6 {
        case 0: node = subtreePool[c.pick(subtreePool.count)]                                                     // scalar → collection
        case 1: node = Node([node])                                                                              // nest deeper
        case 2: node = Node(s.string + s.string)
        case 3: node = Node(String(s.string.dropLast()))
        default: node = Node(scalarPool[c.pick(scalarPool.count)])
        }
    case .alias:
        node = Node(scalarPool[c.pick(scalarPool.count)])
    }
}

/// A few learners from the pack itself: none, every unit achieved with hours, every other unit, and one
/// whose units and assessments the remaining choices pick (marks included, so mark sheets are checked).
func learners(for family: QualificationFamily, _ c: inout Choices) -> [Learner] {
    let date = try! CalendarDate("2020-06-01")
    let all = family.units.map { UnitAchievement(code: $0.code, achieved: date, hours: Hours(Double($0.guidedLearningHours.value))) }
    var picked = Learner(id: "P", registered: try! CalendarDate("2019-09-01"), inductionHours: 1, tutorialHours: 2)
    for u in family.units where c.byte() & 1 == 1 { picked.units.append(UnitAchievement(code: u.code, achieved: date)) }
    for a in family.assessments where c.byte() & 1 == 1 {
        let n = a.markSheet?.sections.count ?? 1
        picked.assessments.append(AssessmentAttempt(id: a.id, marks: (0..<n).map { _ in c.byte() % 64 }, date: date))
    }
    return [Learner(id: "none"),
            Learner(id: "all", registered: try! CalendarDate("2019-09-01"), inductionHours: 10, tutorialHours: 10, units: all),
            Learner(id: "half", units: all.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)),
            picked]
}

/// The first byte picks the bundled pack, the second how many mutations (0–15) to apply, each to the file
/// the next byte picks; the next bytes drive the mutations. Returns the pack's seed and its mutated
/// source (`nil` if a tree does not serialise), and leaves the rest of the choices for the learner.
func mutatedSource(_ c: inout Choices) -> (PackSeed, PackSource)? {
    let seed = seeds[c.pick(seeds.count)]
    var trees = seed.trees
    for _ in 0..<(c.byte() % 16) where !trees.isEmpty {
        let f = c.pick(trees.count)
        mutate(&trees[f].node, &c)
    }
    var source = seed.source
    for t in trees {
        guard let text = try? Yams.serialize(node: t.node) else { return nil }
        source.files[t.name] = text
    }
    return (seed, source)
}

func fuzzPackTree(_ data: UnsafeBufferPointer<UInt8>) {
    var c = Choices(bytes: data)
    guard let (seed, source) = mutatedSource(&c).map({ ($0.0, $0.1) }) else { return }
    let result = PackLoader.load(source, context: seed.context)
    guard let pack = result.pack else { return }
    var catalog = seed.context
    guard (try? catalog.add(pack.family)) != nil, let evaluator = try? Evaluator(catalog: catalog) else { return }
    for l in learners(for: pack.family, &c) where evaluator.problems(in: l).isEmpty { _ = evaluator.evaluate(l) }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    fuzzPackTree(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import FuzzSupport

@main
enum Replayer {
    static func main() {
        // Print a mutated pack: `qualkit-fuzz-packtree --show FILE` (to read what a corpus input does).
        let args = CommandLine.arguments.dropFirst()
        if args.first == "--show", let path = args.dropFirst().first, let d = FileManager.default.contents(atPath: path) {
            Array(d).withUnsafeBufferPointer { show($0) }
            return
        }
        replayCorpus(args, defaultCorpus: "Fuzz/corpus/packtree", fuzzPackTree)
    }
}

import Foundation

func show(_ data: UnsafeBufferPointer<UInt8>) {
    var c = Choices(bytes: data)
    guard let (seed, source) = mutatedSource(&c).map({ ($0.0, $0.1) }) else { print("a mutated tree does not serialise"); return }
    for (name, text) in source.files.sorted(by: { $0.key < $1.key }) { print("--- \(name)\n\(text)") }
    for d in PackLoader.load(source, context: seed.context).diagnostics { print(d) }
}
#endif
