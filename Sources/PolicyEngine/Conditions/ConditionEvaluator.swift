/// One condition clause (operator + key + policy values) prepared for evaluation: the
/// operator parsed, values of typed operators parsed once, variables split out. A class, so
/// evaluating one retains a single reference rather than each of its strings and arrays.
final class CompiledCondition: Sendable {
    let op: ConditionOperator
    /// Lower-cased: condition keys are case-insensitive.
    let key: String
    let keyAsWritten: String
    let values: [CompiledValue]
    /// Where the clause was written, for explanations and errors.
    let span: SourceSpan

    init(op: ConditionOperator, key: String, keyAsWritten: String, values: [CompiledValue], span: SourceSpan) {
        self.op = op
        self.key = key
        self.keyAsWritten = keyAsWritten
        self.values = values
        self.span = span
    }
}

/// A policy value ready for comparison.
enum CompiledValue: Sendable {
    /// A String/ARN/Bool value without variables, already in comparable form.
    case text(String, glob: GlobPattern?)
    /// An ArnEquals/ArnLike value without variables, split into segments.
    case arn(ResourcePattern)
    /// A value with policy variables, resolved against each request.
    case template([PolicyVariables.Part])
    case number(Double)
    case date(Double)
    case network(IPNetwork)
    case bool(Bool)
}

/// Why a condition could not be evaluated: never silently true or false.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }

    public var description: String { message }
}

/// Why a policy value cannot be read by its operator.
struct ValueProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

enum ConditionCompiler {
    /// Prepares a clause; an unknown operator or a value the operator cannot read is an error,
    /// so the statement is never evaluated on a guess.
    static func compile(_ clause: ConditionClause, substitutesVariables: Bool) -> Result<CompiledCondition, EvaluationError> {
        let name = clause.operatorName.value
        guard let op = ConditionOperator(name) else {
            let suggestion = Suggestions.closest(
                to: name.split(separator: ":").last.map(String.init) ?? name, among: ConditionOperator.baseNames)
            return .failure(EvaluationError(
                "unknown condition operator `\(name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""),
                span: clause.operatorName.span))
        }
        var values: [CompiledValue] = []
        for located in clause.values {
            switch compileValue(located.value.text, op: op, substitutesVariables: substitutesVariables) {
            case .success(let value): values.append(value)
            case .failure(let problem):
                return .failure(EvaluationError("\(problem.message) in `\(name)` for `\(clause.key.value)`", span: located.span))
            }
        }
        return .success(CompiledCondition(op: op, key: clause.key.value.lowercased(), keyAsWritten: clause.key.value,
            values: values, span: clause.key.span))
    }

    private static func compileValue(_ text: String, op: ConditionOperator, substitutesVariables: Bool)
        -> Result<CompiledValue, ValueProblem>
    {
        switch op.family {
        case .string, .arn, .binary:
            if substitutesVariables, op.acceptsVariables, text.mayHoldPolicyVariable {
                guard let parts = PolicyVariables.parse(text) else { return .failure(ValueProblem("malformed policy variable in `\(text)`")) }
                return .success(.template(parts))
            }
            if op.family == .arn { return .success(.arn(ResourcePattern(text))) }
            let usesGlob = op.comparison == .like
            let comparable = op.comparison == .equalsIgnoreCase ? text.lowercased() : text
            return .success(.text(comparable, glob: usesGlob ? GlobPattern(comparable) : nil))
        case .numeric:
            guard let number = ConditionNumber.parse(text) else { return .failure(ValueProblem("`\(text)` is not a number")) }
            return .success(.number(number))
        case .date:
            guard let date = ConditionDate.parse(text) else { return .failure(ValueProblem("`\(text)` is not an ISO 8601 date or epoch time")) }
            return .success(.date(date))
        case .ipAddress:
            guard let network = IPNetwork(text) else { return .failure(ValueProblem("`\(text)` is not an IP address or CIDR range")) }
            return .success(.network(network))
        case .bool, .null:
            if substitutesVariables, op.family == .bool, text.mayHoldPolicyVariable {
                guard let parts = PolicyVariables.parse(text) else { return .failure(ValueProblem("malformed policy variable in `\(text)`")) }
                return .success(.template(parts))
            }
            switch text.lowercased() {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(ValueProblem("`\(text)` is not `true` or `false`"))
            }
        }
    }
}

/// Evaluates compiled conditions against a request context, following AWS's rules:
/// AND across clauses, OR across one clause's values (NOR for negated operators); a missing
/// key makes a positive operator false and a negated one true, except `…IfExists` (true)
/// and `Null`; `ForAllValues` is true and `ForAnyValue` false for a missing or empty key.
enum ConditionEvaluator {
    struct Outcome {
        var satisfied: Bool
        var missingKeys: [String] = []
        var error: EvaluationError?
    }

    static func evaluate(_ conditions: [CompiledCondition], context: EvaluationContext) -> Outcome {
        var outcome = Outcome(satisfied: true)
        for condition in conditions {
            let present = context[lowercasedKey: condition.key]
            if present == nil, condition.op.family != .null { outcome.missingKeys.append(condition.keyAsWritten) }
            switch evaluate(condition, value: present, context: context) {
            case .success(true):
                continue
            case .success(false):
                outcome.satisfied = false
            case .failure(let error):
                outcome.satisfied = false
                outcome.error = outcome.error ?? error
            }
        }
        return outcome
    }

    static func evaluate(_ condition: CompiledCondition, value: RequestContext.Value?, context: EvaluationContext)
        -> Result<Bool, EvaluationError>
    {
        let op = condition.op
        if op.family == .null {
            // Null: "true" asks for the key to be absent, "false" for it to be present.
            let isAbsent = value == nil
            return .success(condition.values.contains { if case .bool(let wanted) = $0 { return wanted == isAbsent } else { return false } })
        }
        if let qualifier = op.qualifier {
            let requestValues = value?.values ?? []
            if requestValues.isEmpty { return .success(qualifier == .forAllValues) }
            for requestValue in requestValues {
                let single: Result<Bool, EvaluationError> = singleValueOutcome(condition, requestValue, context)
                guard case .success(let matched) = single else { return single }
                if qualifier == .forAllValues, !matched { return .success(false) }
                if qualifier == .forAnyValue, matched { return .success(true) }
            }
            return .success(qualifier == .forAllValues)
        }
        switch value {
        case nil:
            return .success(op.ifExists || op.isNegated)
        case .multiple(let values)?:
            // AWS requires a set qualifier for multivalued keys and does not document what a
            // plain operator does with one; refuse to guess.
            return .failure(EvaluationError(
                "`\(op.name)` has no ForAllValues/ForAnyValue qualifier but the request gives `\(condition.keyAsWritten)` \(values.count) values",
                span: condition.span))
        case .single(let requestValue)?:
            return singleValueOutcome(condition, requestValue, context)
        }
    }

    /// The base operator applied to one request value: positive operators need a policy value
    /// that matches, negated ones need none to.
    private static func singleValueOutcome(_ condition: CompiledCondition, _ requestValue: String, _ context: EvaluationContext)
        -> Result<Bool, EvaluationError>
    {
        var anyMatch = false
        for policyValue in condition.values {
            switch matches(policyValue, requestValue, condition, context) {
            case .success(true): anyMatch = true
            case .success(false): break
            case .failure(let error): return .failure(error)
            }
            if anyMatch { break }
        }
        return .success(condition.op.isNegated ? !anyMatch : anyMatch)
    }

    private static func matches(_ policyValue: CompiledValue, _ requestValue: String, _ condition: CompiledCondition,
        _ context: EvaluationContext) -> Result<Bool, EvaluationError>
    {
        let op = condition.op
        switch policyValue {
        case .text(let text, let glob):
            return .success(compareText(text, glob: glob, requestValue, op))
        case .arn(let pattern):
            return .success(ARNMatcher.conditionMatches(pattern, arn: requestValue))
        case .template(let parts):
            // A variable with no value makes this policy value match nothing.
            guard let resolved = resolve(parts, context: context, forPattern: op.comparison == .like) else {
                return .success(false)
            }
            if op.family == .bool { return compareBool(resolved.text.lowercased() == "true", requestValue, condition) }
            let text = op.comparison == .equalsIgnoreCase ? resolved.text.lowercased() : resolved.text
            return .success(compareText(text, glob: resolved.glob, requestValue, op))
        case .number(let number):
            guard let request = ConditionNumber.parse(requestValue) else {
                return .failure(EvaluationError("the request value `\(requestValue)` of `\(condition.keyAsWritten)` is not a number", span: condition.span))
            }
            return .success(compare(request, number, op.comparison))
        case .date(let date):
            guard let request = ConditionDate.parse(requestValue) else {
                return .failure(EvaluationError("the request value `\(requestValue)` of `\(condition.keyAsWritten)` is not a date", span: condition.span))
            }
            return .success(compare(request, date, op.comparison))
        case .network(let network):
            guard let contained = network.contains(address: requestValue) else {
                return .failure(EvaluationError("the request value `\(requestValue)` of `\(condition.keyAsWritten)` is not an IP address", span: condition.span))
            }
            return .success(contained)
        case .bool(let wanted):
            return compareBool(wanted, requestValue, condition)
        }
    }

    private static func compareBool(_ wanted: Bool, _ requestValue: String, _ condition: CompiledCondition) -> Result<Bool, EvaluationError> {
        switch requestValue.lowercased() {
        case "true": return .success(wanted)
        case "false": return .success(!wanted)
        default:
            return .failure(EvaluationError("the request value `\(requestValue)` of `\(condition.keyAsWritten)` is not `true` or `false`", span: condition.span))
        }
    }

    private static func compareText(_ policy: String, glob: GlobPattern?, _ request: String, _ op: ConditionOperator) -> Bool {
        switch op.family {
        case .arn:
            return ARNMatcher.conditionMatches(ResourcePattern(glob ?? GlobPattern(policy)), arn: request)
        default:
            switch op.comparison {
            case .like: return (glob ?? GlobPattern(policy)).matches(request)
            case .equalsIgnoreCase: return policy == request.lowercased()
            default: return policy == request
            }
        }
    }

    private static func compare(_ request: Double, _ policy: Double, _ comparison: ConditionOperator.Comparison) -> Bool {
        switch comparison {
        case .lessThan: return request < policy
        case .lessThanEquals: return request <= policy
        case .greaterThan: return request > policy
        case .greaterThanEquals: return request >= policy
        default: return request == policy
        }
    }

    /// Substitutes variables. Values from the request are literal even inside a Like pattern.
    static func resolve(_ parts: [PolicyVariables.Part], context: EvaluationContext, forPattern: Bool)
        -> (text: String, glob: GlobPattern?)?
    {
        var text = ""
        var glob = GlobPattern()
        for part in parts {
            switch part {
            case .pattern(let piece):
                text += piece
                glob.appendPattern(piece)
            case .literal(let piece):
                text += piece
                glob.appendLiteral(piece)
            case .variable(let key, let defaultValue):
                let value: String
                if case .single(let found)? = context[key] {
                    value = found
                } else if let defaultValue {
                    value = defaultValue
                } else {
                    return nil  // absent, or multivalued: multivalued keys cannot be variables
                }
                text += value
                glob.appendLiteral(value)
            }
        }
        return (text, forPattern ? glob : nil)
    }
}
