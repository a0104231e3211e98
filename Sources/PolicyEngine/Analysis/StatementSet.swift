/// A set of statements of an analysis, by position: a bit set, so that the statements a
/// request matches are the intersection of what each of its parts (action, resource, …) matches.
struct StatementSet: Sendable, Hashable {
    private(set) var words: [UInt64]

    init(count: Int, filled: Bool = false) {
        words = Array(repeating: filled ? ~0 : 0, count: (count + 63) / 64)
        if filled, count % 64 != 0 { words[words.count - 1] = (1 << UInt64(count % 64)) - 1 }
    }

    mutating func insert(_ index: Int) { words[index / 64] |= 1 << UInt64(index % 64) }

    func contains(_ index: Int) -> Bool { words[index / 64] & (1 << UInt64(index % 64)) != 0 }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    func isSubset(of other: StatementSet) -> Bool {
        for index in words.indices where words[index] & ~other.words[index] != 0 { return false }
        return true
    }

    func intersects(_ other: StatementSet) -> Bool {
        for index in words.indices where words[index] & other.words[index] != 0 { return true }
        return false
    }

    func intersection(_ other: StatementSet) -> StatementSet {
        var result = self
        for index in words.indices { result.words[index] &= other.words[index] }
        return result
    }

    func union(_ other: StatementSet) -> StatementSet {
        var result = self
        for index in words.indices { result.words[index] |= other.words[index] }
        return result
    }

    func subtracting(_ other: StatementSet) -> StatementSet {
        var result = self
        for index in words.indices { result.words[index] &= ~other.words[index] }
        return result
    }

    var indices: [Int] {
        var found: [Int] = []
        for (wordIndex, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { found.append(wordIndex * 64 + bit) }
        }
        return found
    }
}
