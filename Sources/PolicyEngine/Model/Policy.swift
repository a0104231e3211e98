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

/// One statement. A value type whose elements live in one shared box, copied only when a
/// copy is changed: rules pass statements around by the hundred thousand, and copying each
/// element's strings and arrays on every pass was a tenth of the linter's time.
public struct Statement: Sendable {
    private final class Elements: @unchecked Sendable {
        var index: Int
        var span: SourceSpan
        var sid: Located<String>?
        var effect: Located<Effect>?
        var principal: PrincipalElement?
        var action: PatternListElement?
        var resource: PatternListElement?
        var condition: ConditionBlock?

        init(index: Int, span: SourceSpan) {
            self.index = index
            self.span = span
        }

        func copy() -> Elements {
            let copy = Elements(index: index, span: span)
            copy.sid = sid
            copy.effect = effect
            copy.principal = principal
            copy.action = action
            copy.resource = resource
            copy.condition = condition
            return copy
        }
    }

    private var elements: Elements

    public init(index: Int, span: SourceSpan) {
        elements = Elements(index: index, span: span)
    }

    /// The box, unshared first: the mutable half of copy-on-write.
    private var unique: Elements {
        mutating get {
            if !isKnownUniquelyReferenced(&elements) { elements = elements.copy() }
            return elements
        }
    }

    /// The position in the Statement array (0 for a single statement object).
    public var index: Int {
        get { elements.index }
        set { unique.index = newValue }
    }
    public var span: SourceSpan {
        get { elements.span }
        set { unique.span = newValue }
    }
    public var sid: Located<String>? {
        get { elements.sid }
        set { unique.sid = newValue }
    }
    public var effect: Located<Effect>? {
        get { elements.effect }
        set { unique.effect = newValue }
    }
    public var principal: PrincipalElement? {
        get { elements.principal }
        set { unique.principal = newValue }
    }
    public var action: PatternListElement? {
        get { elements.action }
        set { unique.action = newValue }
    }
    public var resource: PatternListElement? {
        get { elements.resource }
        set { unique.resource = newValue }
    }
    public var condition: ConditionBlock? {
        get { elements.condition }
        set { unique.condition = newValue }
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
