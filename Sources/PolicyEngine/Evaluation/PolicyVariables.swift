/// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the
/// escapes `${*}`, `${?}`, `${$}`. Substituted only under Version 2012-10-17; under 2008-10-17
/// (or no Version) they are literal text.
enum PolicyVariables {
    enum Part: Sendable, Equatable {
        /// Text that may contain `*` and `?` wildcards.
        case pattern(String)
        /// A character that must match literally (`${*}`, `${?}`, `${$}`).
        case literal(String)
        case variable(key: String, defaultValue: String?)
    }

    /// Splits `text` into parts; nil when a `${` is malformed (no closing brace, a space
    /// inside the name, an unquoted default), which the policy linter reports separately.
    static func parse(_ text: String) -> [Part]? {
        guard text.mayHoldPolicyVariable else { return [.pattern(text)] }
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.pattern(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            let body = rest[open.upperBound..<close]
            switch body {
            case "*", "?", "$":
                parts.append(.literal(String(body)))
            default:
                guard let variable = parseVariable(body) else { return nil }
                parts.append(variable)
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.pattern(String(rest))) }
        return parts
    }

    private static func parseVariable(_ body: Substring) -> Part? {
        if let comma = body.firstIndex(of: ",") {
            let key = body[..<comma].trimmingSpaces()
            let defaultText = body[body.index(after: comma)...].trimmingSpaces()
            guard !key.isEmpty, !key.contains(" "), defaultText.count >= 2, defaultText.first == "'",
                defaultText.last == "'"
            else { return nil }
            return .variable(key: String(key), defaultValue: String(defaultText.dropFirst().dropLast()))
        }
        let key = body.trimmingSpaces()
        guard !key.isEmpty, !key.contains(" ") else { return nil }
        return .variable(key: String(key), defaultValue: nil)
    }

    /// The keys of every variable in `text`, for "the request lacked these keys" explanations.
    static func keys(in text: String) -> [String] {
        (parse(text) ?? []).compactMap { part in
            if case .variable(let key, _) = part { return key }
            return nil
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}

extension StringProtocol {
    /// Whether the text has a `${`, by bytes: compiling a policy asks this of every value,
    /// and the generic `contains(_:)` on strings is many times slower.
    var mayHoldPolicyVariable: Bool {
        // Most values have no `$` at all: one quick scan settles them.
        guard containsUTF8(where: { $0 == UInt8(ascii: "$") }) else { return false }
        var previous: UInt8 = 0
        for byte in utf8 {
            if previous == UInt8(ascii: "$"), byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }
}
