/// "Did you mean" by edit distance, for element names, options, commands and (later) actions.
public enum Suggestions {
    /// The candidate closest to `input`: an exact case-insensitive match first, then the
    /// smallest edit distance within a third of the input's length (at least 1, at most 3).
    public static func closest(to input: String, among candidates: some Sequence<String>) -> String? {
        let lowered = input.lowercased()
        var best: (candidate: String, distance: Int)?
        let limit = min(3, max(1, lowered.count / 3))
        let length = lowered.unicodeScalars.count
        for candidate in candidates {
            let loweredCandidate = candidate.lowercased()
            if loweredCandidate == lowered { return candidate }
            // The distance is at least the difference in length: most candidates of a long
            // list (a service's actions) are ruled out without the table.
            let bound = min(limit, (best?.distance ?? .max) - 1)
            if abs(loweredCandidate.unicodeScalars.count - length) > bound { continue }
            let distance = editDistance(lowered, loweredCandidate)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Edit distance over Unicode scalars, counting a swap of two neighbours as one edit
    /// (optimal string alignment), so `lnit` is one edit from `lint`.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        let width = right.count + 1
        var table = [Int](repeating: 0, count: (left.count + 1) * width)
        for j in 0...right.count { table[j] = j }
        for i in 1...left.count {
            table[i * width] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                var best = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                    table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                    best = min(best, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = best
            }
        }
        return table[left.count * width + right.count]
    }
}
