/// A value from the policy together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var span: SourceSpan

    public init(_ value: Value, span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

extension Located: Equatable where Value: Equatable {}

/// A decoded IAM policy document. Elements the decoder could not read are absent; the
/// decoder's findings say why.
public struct Policy: Sendable {
    public var version: Located<String>?
    public var id: Located<String>?
    public var statements: [Statement]
    /// True when `Statement` was a single object rather than an array.
    public var statementIsSingleObject: Bool
    public var span: SourceSpan

    public init(
        version: Located<String>? = nil, id: Located<String>? = nil, statements: [Statement] = [],
        statementIsSingleObject: Bool = false, span: SourceSpan
    ) {
        self.version = version
        self.id = id
        self.statements = statements
        self.statementIsSingleObject = statementIsSingleObject
        self.span = span
    }

    /// Policy variables are substituted only under this version.
    public var substitutesVariables: Bool { version?.value == "2012-10-17" }
}

public enum Effect: String, Sendable, CaseIterable {
    case allow = "Allow"
    case deny = "Deny"
}

public struct Statement: Sendable {
    /// The position in the Statement array (0 for a single statement object).
    public var index: Int
    public var span: SourceSpan
    public var sid: Located<String>?
    public var effect: Located<Effect>?
    public var principal: PrincipalElement?
    public var action: PatternListElement?
    public var resource: PatternListElement?
    public var condition: ConditionBlock?

    public init(index: Int, span: SourceSpan) {
        self.index = index
        self.span = span
    }
}

/// Action/NotAction or Resource/NotResource: one string or a list of strings.
public struct PatternListElement: Sendable {
    /// True for NotAction / NotResource.
    public var isNegated: Bool
    public var keySpan: SourceSpan
    /// The span of the whole value (the string, or the array).
    public var valueSpan: SourceSpan
    public var values: [Located<String>]

    public init(isNegated: Bool, keySpan: SourceSpan, valueSpan: SourceSpan, values: [Located<String>]) {
        self.isNegated = isNegated
        self.keySpan = keySpan
        self.valueSpan = valueSpan
        self.values = values
    }
}
