/// "Did you mean": the closest of a set of known names to a misspelt one.
package enum Suggestion {
    /// The closest of `allowed` to `key` by edit distance, if close enough to be a plausible misspelling.
    /// Ties go to the first in sorted order, so the suggestion does not depend on how `allowed` was built.
    package static func closest(to key: String, among allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0)) }.min {
            $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0
        }
        guard let (best, d) = scored, d <= max(2, best.count / 3) else { return nil }
        return best
    }

    /// The Levenshtein distance between `first` and `second`, by characters.
    package static func editDistance(_ first: String, _ second: String) -> Int {
        let first = Array(first), second = Array(second)
        if first.isEmpty { return second.count }
        if second.isEmpty { return first.count }
        var prev = Array(0...second.count), cur = Array(repeating: 0, count: second.count + 1)
        for i in 1...first.count {
            cur[0] = i
            for j in 1...second.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (first[i - 1] == second[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[second.count]
    }
}
