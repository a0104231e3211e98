/// A statement's Action (or NotAction) values, lower-cased and indexed so that "which value
/// covers this action?" is a hash lookup plus the wildcard values of the action's service,
/// not a match against every value: broad managed policies list hundreds of them.
final class ActionValueIndex {
    /// The values as written, lower-cased, in order.
    let names: [LoweredName]
    /// Every value compiled, in order, for callers that match them all.
    let patterns: [GlobPattern]
    // Constants once built: `let` spares every lookup a dynamic exclusivity check.
    /// The first position of each lower-cased value; nil for a short list, which a scan of
    /// `names` (comparing hashes first) answers sooner than building a table would.
    private let firstPositions: [LoweredName: Int]?
    /// Wildcard values whose service part (before the first `:`) is literal, by that part:
    /// they can only match names of that service. Nil for a short list.
    private let wildcardsByService: [HashedText: [Wildcard]]?
    /// Wildcard values that may match any service (`*`, `*:Get*`, `s?:*`, `ec2*`); for a short
    /// list, every wildcard value.
    private let otherWildcards: [Wildcard]

    struct Wildcard {
        var position: Int
        var pattern: GlobPattern
        var service: HashedText?
    }

    /// Up to this many values are scanned; most statements list a few.
    static let scanLimit = 12

    /// The index of a statement's values, from their catalog facts (which hold each value
    /// lower-cased, hashed and compiled once per run).
    init(_ values: [ActionValueFacts]) {
        names = values.map(\.name)
        patterns = values.map(\.pattern)
        var wildcards: [Wildcard] = []
        for (position, value) in values.enumerated() where value.hasWildcard {
            wildcards.append(Wildcard(position: position, pattern: value.pattern, service: value.name.literalService))
        }
        guard values.count > Self.scanLimit else {
            firstPositions = nil
            wildcardsByService = nil
            otherWildcards = wildcards
            return
        }
        var firstPositions: [LoweredName: Int] = [:]
        firstPositions.reserveCapacity(values.count)
        // Backwards, so the first position of a repeated value is the one that stays.
        for position in values.indices.reversed() { firstPositions[values[position].name] = position }
        var wildcardsByService: [HashedText: [Wildcard]] = [:]
        var otherWildcards: [Wildcard] = []
        for wildcard in wildcards {
            if let service = wildcard.service {
                wildcardsByService[service, default: []].append(wildcard)
            } else {
                otherWildcards.append(wildcard)
            }
        }
        self.firstPositions = firstPositions
        self.wildcardsByService = wildcardsByService
        self.otherWildcards = otherWildcards
    }

    /// The first position of a value that is exactly `name`, if any.
    func position(of name: LoweredName) -> Int? {
        if let firstPositions { return firstPositions[name] }
        return names.firstIndex(of: name)
    }

    /// Whether some value matches `name` (a lower-cased name).
    func matches(_ name: LoweredName) -> Bool {
        position(of: name) != nil || firstWildcardMatch(name) != nil
    }

    func matches(_ lowered: String) -> Bool { matches(LoweredName(lowered)) }

    /// The position of the first value that matches `lowered` (a lower-cased name), as
    /// `GlobPattern(value).matches(lowered)` tried in order would find it.
    func firstMatch(_ lowered: String) -> Int? {
        let name = LoweredName(lowered)
        guard let exact = position(of: name) else { return firstWildcardMatch(name) }
        return firstWildcardMatch(name, before: exact) ?? exact
    }

    /// The position of the first wildcard value that matches `name`, if it is before `limit`.
    func firstWildcardMatch(_ name: LoweredName, before limit: Int? = nil) -> Int? {
        guard let wildcardsByService else {
            // A short list: every wildcard, in order, skipping those of another literal service.
            return Self.firstMatch(name, among: otherWildcards, before: limit, checkingService: true)
        }
        var best = Self.firstMatch(name, among: otherWildcards, before: limit, checkingService: false)
        if !wildcardsByService.isEmpty, let service = name.literalService, let wildcards = wildcardsByService[service] {
            best = Self.firstMatch(name, among: wildcards, before: best ?? limit, checkingService: false) ?? best
        }
        return best
    }

    private static func firstMatch(_ name: LoweredName, among wildcards: [Wildcard], before limit: Int?, checkingService: Bool) -> Int? {
        if wildcards.isEmpty { return nil }
        var text = name.text
        return text.withUTF8 { bytes in
            for wildcard in wildcards {
                if let limit, wildcard.position >= limit { return nil }
                // A literal service part matches only names with that same part.
                if checkingService, let service = wildcard.service, service != name.literalService { continue }
                if wildcard.pattern.matches(bytes) { return wildcard.position }
            }
            return nil
        }
    }
}

/// A lower-cased action name or value with its hash worked out once. Rules ask every policy
/// the same fixed names, and hashing each String anew was most of the cost of a lookup.
struct LoweredName: Hashable, Sendable {
    let key: HashedText
    var text: String { key.text }
    /// The text before the first `:` when no wildcard comes before it: a pattern with that
    /// literal prefix matches only names that have the same part before their first `:`.
    let literalService: HashedText?

    init(_ lowered: String) {
        key = HashedText(lowered)
        let utf8 = lowered.utf8
        if let end = utf8.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }),
            utf8[end] == UInt8(ascii: ":")
        {
            literalService = HashedText(String(lowered[..<end]))
        } else {
            literalService = nil
        }
    }

    static func == (lhs: LoweredName, rhs: LoweredName) -> Bool { lhs.key == rhs.key }

    func hash(into hasher: inout Hasher) { key.hash(into: &hasher) }
}
