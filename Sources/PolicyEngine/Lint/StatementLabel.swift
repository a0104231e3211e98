extension Statement {
    /// How messages name a statement: its Sid in backticks, or its position.
    public var label: String {
        if let sid = sid?.value, !sid.isEmpty { return "`\(sid)`" }
        return "#\(index)"
    }
}

extension Statement {
    /// The Action value that grants every action (`*`, `**`, `*:*`), when there is one;
    /// nil for NotAction.
    public var everyActionValue: Located<String>? {
        guard let element = action, !element.isNegated else { return nil }
        return element.values.first { $0.value.isWildcardOnly || $0.value == "*:*" }
    }
}

extension String {
    /// `*`, `**`: a pattern that matches everything (checked on bytes, without building a pattern).
    var isWildcardOnly: Bool { !isEmpty && utf8.allSatisfy { $0 == UInt8(ascii: "*") } }

    /// Whether the text has a `*` or `?`.
    var hasWildcard: Bool { utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } }
}
