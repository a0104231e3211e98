/// Principal or NotPrincipal.
public struct PrincipalElement: Sendable {
    public var isNegated: Bool
    public var keySpan: SourceSpan
    public var valueSpan: SourceSpan
    public var value: PrincipalValue

    public init(isNegated: Bool, keySpan: SourceSpan, valueSpan: SourceSpan, value: PrincipalValue) {
        self.isNegated = isNegated
        self.keySpan = keySpan
        self.valueSpan = valueSpan
        self.value = value
    }
}

public enum PrincipalValue: Sendable {
    /// `"Principal": "*"`: everyone, anonymous callers included (the same as `{"AWS": "*"}`).
    case wildcard
    case entries([PrincipalEntry])
}

/// One key of a principal object, such as `"AWS": ["111122223333", "arn:aws:iam::…:role/x"]`.
public struct PrincipalEntry: Sendable {
    public var kind: PrincipalKind
    public var keySpan: SourceSpan
    public var values: [Located<String>]

    public init(kind: PrincipalKind, keySpan: SourceSpan, values: [Located<String>]) {
        self.kind = kind
        self.keySpan = keySpan
        self.values = values
    }
}

public enum PrincipalKind: String, Sendable, CaseIterable {
    case aws = "AWS"
    case service = "Service"
    case federated = "Federated"
    case canonicalUser = "CanonicalUser"
}
