/// A condition operator name taken apart: `ForAnyValue:StringNotLikeIfExists` is the
/// `ForAnyValue` set qualifier, the negated `StringLike` comparison, and `IfExists`.
///
/// One table row per base operator, rather than a type per operator, so the rules for
/// missing keys, negation and qualifiers live in one place (`ConditionEvaluator`).
public struct ConditionOperator: Sendable, Equatable {
    public enum Family: String, Sendable {
        case string = "String", numeric = "Numeric", date = "Date", bool = "Bool", binary = "Binary"
        case ipAddress = "IpAddress", arn = "Arn", null = "Null"
    }

    public enum Comparison: Sendable, Equatable {
        case equals, equalsIgnoreCase, like
        case lessThan, lessThanEquals, greaterThan, greaterThanEquals
        /// Bool, Null and IpAddress compare in their own way.
        case matches
    }

    public enum SetQualifier: String, Sendable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public var name: String
    public var family: Family
    public var comparison: Comparison
    /// `StringNotEquals`, `NotIpAddress`, `ArnNotLike`…: true when no policy value matches.
    public var isNegated: Bool
    public var ifExists: Bool
    public var qualifier: SetQualifier?

    /// Base operators: name, family, comparison, negated.
    static let table: [String: (Family, Comparison, Bool)] = [
        "StringEquals": (.string, .equals, false),
        "StringNotEquals": (.string, .equals, true),
        "StringEqualsIgnoreCase": (.string, .equalsIgnoreCase, false),
        "StringNotEqualsIgnoreCase": (.string, .equalsIgnoreCase, true),
        "StringLike": (.string, .like, false),
        "StringNotLike": (.string, .like, true),
        "NumericEquals": (.numeric, .equals, false),
        "NumericNotEquals": (.numeric, .equals, true),
        "NumericLessThan": (.numeric, .lessThan, false),
        "NumericLessThanEquals": (.numeric, .lessThanEquals, false),
        "NumericGreaterThan": (.numeric, .greaterThan, false),
        "NumericGreaterThanEquals": (.numeric, .greaterThanEquals, false),
        "DateEquals": (.date, .equals, false),
        "DateNotEquals": (.date, .equals, true),
        "DateLessThan": (.date, .lessThan, false),
        "DateLessThanEquals": (.date, .lessThanEquals, false),
        "DateGreaterThan": (.date, .greaterThan, false),
        "DateGreaterThanEquals": (.date, .greaterThanEquals, false),
        "Bool": (.bool, .matches, false),
        "BinaryEquals": (.binary, .equals, false),
        "IpAddress": (.ipAddress, .matches, false),
        "NotIpAddress": (.ipAddress, .matches, true),
        "ArnEquals": (.arn, .like, false),
        "ArnLike": (.arn, .like, false),
        "ArnNotEquals": (.arn, .like, true),
        "ArnNotLike": (.arn, .like, true),
        "Null": (.null, .matches, false),
    ]

    public static var baseNames: [String] { table.keys.sorted() }

    /// Parses an operator name as written in a policy (names are case-sensitive, as AWS
    /// writes them); nil for an unknown operator or a combination AWS does not accept.
    public init?(_ text: String) {
        // Policies use a few dozen operator names thousands of times: each is parsed once.
        if let known = Self.memo.withLock({ Self.parsed[text] }) {
            guard let known else { return nil }
            self = known
            return
        }
        let parsed = Self(parsing: text)
        Self.memo.withLock { if Self.parsed.count < 4_096 { Self.parsed[text] = .some(parsed) } }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Names already parsed, nil for those that are not operators. Capped, so a process fed
    /// endless made-up names does not grow without bound.
    private static let memo = Lock()
    nonisolated(unsafe) private static var parsed: [String: ConditionOperator?] = [:]

    private init?(parsing text: String) {
        var rest = Substring(text)
        var qualifier: SetQualifier?
        for candidate in [SetQualifier.forAllValues, .forAnyValue] where rest.hasPrefix(candidate.rawValue + ":") {
            qualifier = candidate
            rest = rest.dropFirst(candidate.rawValue.count + 1)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let (family, comparison, negated) = Self.table[String(rest)] else { return nil }
        // Null takes neither IfExists nor a set qualifier meaningfully; AWS rejects IfExists on it.
        if family == .null, ifExists { return nil }
        self.name = text
        self.family = family
        self.comparison = comparison
        self.isNegated = negated
        self.ifExists = ifExists
        self.qualifier = qualifier
    }

    /// Variables are substituted only in String, ARN and Bool values.
    var acceptsVariables: Bool { family == .string || family == .arn || family == .bool }
}
