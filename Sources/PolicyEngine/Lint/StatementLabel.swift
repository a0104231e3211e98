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
    var isWildcardOnly: Bool { !isEmpty && !containsUTF8 { $0 != UInt8(ascii: "*") } }

    /// Whether the text has a `*` or `?`.
    var hasWildcard: Bool { containsUTF8 { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } }
}

extension StringProtocol {
    /// Whether some UTF-8 byte satisfies `predicate`: a loop over the contiguous bytes of a
    /// native string (the generic `utf8.contains` walks an iterator, and these checks run on
    /// every value of every policy).
    @inline(__always)
    func containsUTF8(where predicate: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes in
            for byte in bytes where predicate(byte) { return true }
            return false
        }) {
            return found
        }
        return utf8.contains(where: predicate)
    }
}
