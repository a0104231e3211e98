/// A statement's Action (or NotAction) values, lower-cased and indexed so that "which value
/// covers this action?" is a hash lookup plus the wildcard values of the action's service,
/// not a match against every value: broad managed policies list hundreds of them.
final class ActionValueIndex {
    /// The values as written, lower-cased, in order.
    let lowered: [String]
    /// Every value compiled, in order, for callers that match them all (built on first use).
    private(set) lazy var patterns: [GlobPattern] = lowered.map { GlobPattern($0) }
    // Constants once built: `let` spares every lookup a dynamic exclusivity check.
    /// The first position of each lower-cased value.
    private let firstPositions: [String: Int]
    /// Wildcard values whose service part (before the first `:`) is literal, by that part:
    /// they can only match names of that service.
    private let wildcardsByService: [String: [Wildcard]]
    /// Wildcard values that may match any service (`*`, `*:Get*`, `s?:*`, `ec2*`).
    private let otherWildcards: [Wildcard]

    struct Wildcard {
        var position: Int
        var pattern: GlobPattern
    }

    init(_ values: [String]) {
        let lowered = values.map { $0.lowercased() }
        var firstPositions: [String: Int] = [:]
        firstPositions.reserveCapacity(lowered.count)
        // Backwards, so the first position of a repeated value is the one that stays.
        for position in lowered.indices.reversed() { firstPositions[lowered[position]] = position }
        var wildcardsByService: [String: [Wildcard]] = [:]
        var otherWildcards: [Wildcard] = []
        for (position, value) in lowered.enumerated() {
            guard value.hasWildcard else { continue }
            let wildcard = Wildcard(position: position, pattern: GlobPattern(value))
            if let service = Self.literalService(value) {
                wildcardsByService[service, default: []].append(wildcard)
            } else {
                otherWildcards.append(wildcard)
            }
        }
        self.lowered = lowered
        self.firstPositions = firstPositions
        self.wildcardsByService = wildcardsByService
        self.otherWildcards = otherWildcards
    }

    /// The first position of a value that is exactly `lowered`, if any.
    func position(of lowered: String) -> Int? { firstPositions[lowered] }

    /// Whether some value matches `lowered` (a lower-cased name).
    func matches(_ lowered: String) -> Bool {
        guard let exact = firstPositions[lowered] else { return firstWildcardMatch(lowered) != nil }
        // Dictionary keys compare by canonical equivalence, patterns by bytes: confirm the bytes.
        return self.lowered[exact].utf8.elementsEqual(lowered.utf8) || patterns.contains { $0.matches(lowered) }
    }

    /// The position of the first value that matches `lowered` (a lower-cased name), as
    /// `GlobPattern(value).matches(lowered)` tried in order would find it.
    func firstMatch(_ lowered: String) -> Int? {
        guard let exact = firstPositions[lowered] else { return firstWildcardMatch(lowered) }
        // Dictionary keys compare by canonical equivalence, patterns by bytes: confirm the bytes.
        guard self.lowered[exact].utf8.elementsEqual(lowered.utf8) else {
            return patterns.firstIndex { $0.matches(lowered) }
        }
        return firstWildcardMatch(lowered, before: exact) ?? exact
    }

    /// The position of the first wildcard value that matches `lowered`, if it is before `limit`.
    func firstWildcardMatch(_ lowered: String, before limit: Int? = nil) -> Int? {
        var best = Self.firstMatch(lowered, among: otherWildcards, before: limit)
        if !wildcardsByService.isEmpty, let service = Self.literalService(lowered), let wildcards = wildcardsByService[service] {
            best = Self.firstMatch(lowered, among: wildcards, before: best ?? limit) ?? best
        }
        return best
    }

    private static func firstMatch(_ lowered: String, among wildcards: [Wildcard], before limit: Int?) -> Int? {
        var text = lowered
        return text.withUTF8 { bytes in
            for wildcard in wildcards {
                if let limit, wildcard.position >= limit { return nil }
                if wildcard.pattern.matches(bytes) { return wildcard.position }
            }
            return nil
        }
    }

    /// The text before the first `:` when no wildcard comes before it: a pattern with that
    /// literal prefix matches only names that have the same part before their first `:`.
    static func literalService(_ text: String) -> String? {
        let bytes = text.utf8
        guard let end = bytes.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }),
            bytes[end] == UInt8(ascii: ":")
        else { return nil }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
