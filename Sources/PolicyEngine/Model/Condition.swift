/// The Condition element, flattened to one clause per operator and key, in source order.
///
/// Clauses are ANDed; the values of one clause are ORed (for the positive operators).
public struct ConditionBlock: Sendable {
    public var keySpan: SourceSpan
    public var valueSpan: SourceSpan
    public var clauses: [ConditionClause]

    public init(keySpan: SourceSpan, valueSpan: SourceSpan, clauses: [ConditionClause]) {
        self.keySpan = keySpan
        self.valueSpan = valueSpan
        self.clauses = clauses
    }
}

public struct ConditionClause: Sendable {
    /// As written, e.g. `ForAnyValue:StringLikeIfExists`; parsing the name is the evaluator's job.
    public var operatorName: Located<String>
    public var key: Located<String>
    public var valueSpan: SourceSpan
    public var values: [Located<ConditionValue>]
    /// True when the values were written as an array (even of one element).
    public var valuesWereArray: Bool

    public init(
        operatorName: Located<String>, key: Located<String>, valueSpan: SourceSpan,
        values: [Located<ConditionValue>], valuesWereArray: Bool
    ) {
        self.operatorName = operatorName
        self.key = key
        self.valueSpan = valueSpan
        self.values = values
        self.valuesWereArray = valuesWereArray
    }
}

/// A condition value. IAM compares text, so booleans and numbers keep the text they were
/// written with (`true`, `10`, `1e3`).
public struct ConditionValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string
        case number
        case bool
    }

    public var text: String
    public var kind: Kind

    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }
}
