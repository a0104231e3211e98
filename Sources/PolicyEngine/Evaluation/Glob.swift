/// An IAM wildcard pattern: `*` matches any run of characters, `?` exactly one.
///
/// Patterns are built from tokens so a policy variable's value stays literal: a `*` that
/// came from `${aws:PrincipalTag/team}` matches only a `*`. Matching works on UTF-8 bytes;
/// `?` steps over one whole Unicode scalar.
struct GlobPattern: Sendable, Equatable {
    enum Kind: UInt8, Sendable { case literal, anyRun, anyOne }

    /// One unit per position: the byte in the low 8 bits, the kind above it. A single array
    /// keeps a pattern to one reference to retain, which matters when every statement of a
    /// policy set is tried against a request.
    private(set) var units: [UInt16] = []
    /// How many leading units are literal bytes: compared in one go before any wildcard work.
    private(set) var literalPrefix = 0
    /// Whether everything after the literal prefix is `*` (`s3:Get*`, `arn:aws:s3:::app-*`):
    /// then the prefix alone decides, with no scan of the rest of the text.
    private(set) var restIsAnyRun = false

    init() {}

    private init(units: [UInt16]) {
        self.units = units
        summarize()
    }

    /// Every change goes through here, so the summary is worked out once per change rather
    /// than once per appended byte (an observer on `units` made building quadratic).
    private mutating func changeUnits(_ change: (inout [UInt16]) -> Void) {
        change(&units)
        summarize()
    }

    private mutating func summarize() {
        literalPrefix = units.firstIndex { $0 >> 8 != 0 } ?? units.count
        let anyRun = UInt16(Kind.anyRun.rawValue)
        restIsAnyRun = literalPrefix < units.count && units[literalPrefix...].allSatisfy { $0 >> 8 == anyRun }
    }

    /// Parses `*` and `?` in `text` as wildcards.
    init(_ text: String, caseInsensitive: Bool = false) {
        var text = text
        let ascii = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        guard !caseInsensitive || ascii else {
            appendPattern(text.lowercased())
            return
        }
        // ASCII letters lowered byte by byte: no lower-cased copy of the text.
        changeUnits { units in
            text.withUTF8 { bytes in
                units.reserveCapacity(bytes.count)
                for byte in bytes { units.append(Self.unit(caseInsensitive ? Self.lowered(byte) : byte)) }
            }
        }
    }

    private static func unit(_ byte: UInt8, _ kind: Kind) -> UInt16 { UInt16(kind.rawValue) << 8 | UInt16(byte) }

    /// A pattern byte: `*` and `?` are wildcards, anything else literal.
    private static func unit(_ byte: UInt8) -> UInt16 {
        switch byte {
        case UInt8(ascii: "*"): return unit(byte, .anyRun)
        case UInt8(ascii: "?"): return unit(byte, .anyOne)
        default: return unit(byte, .literal)
        }
    }

    @inline(__always) private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    mutating func appendPattern(_ text: String) {
        changeUnits { units in
            units.reserveCapacity(units.count + text.utf8.count)
            for byte in text.utf8 { units.append(Self.unit(byte)) }
        }
    }

    mutating func appendLiteral(_ text: String) {
        changeUnits { units in
            for byte in text.utf8 { units.append(Self.unit(byte, .literal)) }
        }
    }

    var isEmpty: Bool { units.isEmpty }
    var hasWildcards: Bool { units.contains { $0 >> 8 != 0 } }
    /// True for a pattern that is nothing but `*`s: it matches everything.
    var matchesEverything: Bool { !units.isEmpty && units.allSatisfy { $0 >> 8 == UInt16(Kind.anyRun.rawValue) } }

    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    /// Iterative matching with backtracking to the last `*`: linear for typical patterns,
    /// never exponential.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        units.withUnsafeBufferPointer { pattern in
            let anyRun = UInt16(Kind.anyRun.rawValue)
            let anyOne = UInt16(Kind.anyOne.rawValue)
            // Most patterns are literal, or literal up to a final `*`: settle the prefix first.
            let prefix = literalPrefix
            if prefix > text.count { return false }
            for index in 0..<prefix where UInt8(truncatingIfNeeded: pattern[index]) != text[index] { return false }
            if prefix == pattern.count { return prefix == text.count }
            // The text is valid UTF-8 and the prefix whole scalars, so `*` takes the rest as it is.
            if restIsAnyRun { return true }
            var p = prefix
            var t = prefix
            var starP = -1
            var starT = 0
            let count = pattern.count
            while t < text.count {
                if p < count {
                    let unit = pattern[p]
                    let kind = unit >> 8
                    if kind == anyRun {
                        starP = p
                        starT = t
                        p += 1
                        continue
                    }
                    if kind == anyOne {
                        p += 1
                        t += scalarLength(text[t])
                        continue
                    }
                    if UInt8(truncatingIfNeeded: unit) == text[t] {
                        p += 1
                        t += 1
                        continue
                    }
                }
                guard starP >= 0 else { return false }
                // Let the last `*` swallow one more scalar and retry from just after it.
                p = starP + 1
                starT += scalarLength(text[starT])
                t = starT
            }
            while p < count, pattern[p] >> 8 == anyRun { p += 1 }
            return p == count && t == text.count
        }
    }

    /// The pattern's text, wildcards shown as written.
    var description: String { String(decoding: units.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self) }
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
        // Slices copied out whole: a pattern with a policy variable is split for each request.
        var pieces: [GlobPattern] = []
        pieces.reserveCapacity(maxSplits + 1)
        let colon = UInt16(UInt8(ascii: ":"))  // a literal colon: kind 0
        var start = 0
        for index in units.indices where units[index] == colon && pieces.count < maxSplits {
            pieces.append(GlobPattern(units: Array(units[start..<index])))
            start = index + 1
        }
        pieces.append(GlobPattern(units: Array(units[start...])))
        return pieces
    }

    /// The shortest text the pattern matches, every `?` an `x`: a sample of what it matches.
    var sample: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count)
        for unit in units {
            switch unit >> 8 {
            case UInt16(Kind.literal.rawValue): bytes.append(UInt8(truncatingIfNeeded: unit))
            case UInt16(Kind.anyOne.rawValue): bytes.append(UInt8(ascii: "x"))
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text before the first colon when no wildcard comes before it (an action's service prefix).
    var literalServicePrefix: String? {
        for index in units.indices {
            let unit = units[index]
            if unit >> 8 != 0 { return nil }
            if unit == UInt16(UInt8(ascii: ":")) {
                return units.withUnsafeBufferPointer { units in
                    String(unsafeUninitializedCapacity: index) { bytes in
                        for position in 0..<index { bytes[position] = UInt8(truncatingIfNeeded: units[position]) }
                        return index
                    }
                }
            }
        }
        return nil
    }

    var endsWithAnyRun: Bool { units.last.map { $0 >> 8 == UInt16(Kind.anyRun.rawValue) } ?? false }
}
