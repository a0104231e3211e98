/// An IAM wildcard pattern: `*` matches any run of characters, `?` exactly one.
///
/// Patterns are built from tokens so a policy variable's value stays literal: a `*` that
/// came from `${aws:PrincipalTag/team}` matches only a `*`. Matching works on UTF-8 bytes;
/// `?` steps over one whole Unicode scalar.
struct GlobPattern: Sendable, Equatable {
    enum Kind: UInt8, Sendable { case literal, anyRun, anyOne }

    /// One byte per position; wildcards have a placeholder byte and their own kind.
    private(set) var bytes: [UInt8] = []
    private(set) var kinds: [Kind] = []

    init() {}

    /// Parses `*` and `?` in `text` as wildcards.
    init(_ text: String, caseInsensitive: Bool = false) {
        appendPattern(caseInsensitive ? text.lowercased() : text)
    }

    mutating func appendPattern(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "*"): bytes.append(byte); kinds.append(.anyRun)
            case UInt8(ascii: "?"): bytes.append(byte); kinds.append(.anyOne)
            default: bytes.append(byte); kinds.append(.literal)
            }
        }
    }

    mutating func appendLiteral(_ text: String) {
        for byte in text.utf8 {
            bytes.append(byte)
            kinds.append(.literal)
        }
    }

    var isEmpty: Bool { bytes.isEmpty }
    var hasWildcards: Bool { kinds.contains { $0 != .literal } }
    /// True for a pattern that is nothing but `*`s: it matches everything.
    var matchesEverything: Bool { !kinds.isEmpty && kinds.allSatisfy { $0 == .anyRun } }

    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    /// Iterative matching with backtracking to the last `*`: linear for typical patterns,
    /// never exponential.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        let count = bytes.count
        while t < text.count {
            if p < count {
                switch kinds[p] {
                case .anyRun:
                    starP = p
                    starT = t
                    p += 1
                    continue
                case .anyOne:
                    p += 1
                    t += scalarLength(text[t])
                    continue
                case .literal:
                    if bytes[p] == text[t] {
                        p += 1
                        t += 1
                        continue
                    }
                }
            }
            guard starP >= 0 else { return false }
            // Let the last `*` swallow one more scalar and retry from just after it.
            p = starP + 1
            starT += scalarLength(text[starT])
            t = starT
        }
        while p < count, kinds[p] == .anyRun { p += 1 }
        return p == count && t == text.count
    }

    /// The pattern's text, wildcards shown as written.
    var description: String { String(decoding: bytes, as: UTF8.self) }
}

@inline(__always) private func scalarLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0..<0xC0: return 1
    case 0xC0..<0xE0: return 2
    case 0xE0..<0xF0: return 3
    default: return 4
    }
}

extension GlobPattern {
    /// Splits on `:` at most `maxSplits` times, keeping each piece's wildcards and literals.
    func split(maxSplits: Int) -> [GlobPattern] {
        var pieces: [GlobPattern] = [GlobPattern()]
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: ":"), kinds[index] == .literal, pieces.count <= maxSplits {
                pieces.append(GlobPattern())
            } else {
                pieces[pieces.count - 1].bytes.append(bytes[index])
                pieces[pieces.count - 1].kinds.append(kinds[index])
            }
        }
        return pieces
    }

    var endsWithAnyRun: Bool { kinds.last == .anyRun }
}
