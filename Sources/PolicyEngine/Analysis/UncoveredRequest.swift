/// A quick proof that one statement does not cover another: a request the inner statement
/// applies to and the outer one does not, built from the two statements' own patterns and
/// values and confirmed by the statement matcher. It settles most pairs `StatementInclusion`
/// would otherwise build a request space for; finding nothing proves nothing.
///
/// Only statements without a principal to choose are tried, from one role session of an
/// account no policy names (a caller every kind of policy can govern). Each condition key is
/// given a value on its own, and each policy variable the value of its key; the matcher has the
/// last word, so a choice that does not work only means no proof.
enum UncoveredRequest {
    static let witnessValue = ConditionCandidates.witnessValue
    static let caller = RequestPrincipal.roleSession(
        account: "999911112222", roleName: witnessValue, path: nil, sessionName: witnessValue)

    /// True when a request `inner` applies to and `outer` does not was found and confirmed.
    static func exists(in inner: CompiledStatement, outside outer: CompiledStatement) -> Bool {
        guard inner.error == nil, outer.error == nil, inner.opaqueRequirements.isEmpty, outer.opaqueRequirements.isEmpty,
            inner.resources != nil, case let variables = variableContext(inner, outer),
            let contexts = ConditionWitnesses(inner: inner, outer: outer, variables: variables).contexts
        else { return false }
        let evaluation = EvaluationContext(given: variables, principal: caller)
        func excludes(_ statement: CompiledStatement, _ resource: String) -> Bool {
            let outcome = PreparedResource(resource).withView { StatementMatcher.resourceMatches(statement, $0, context: evaluation) }
            if case .success(false) = outcome { return true } else { return false }
        }
        let actions = candidateActions(inner, outer).filter { StatementMatcher.actionMatches(inner, Array($0.utf8)) }
        let resources = candidateResources(inner, outer, evaluation: evaluation).filter { !excludes(inner, $0) }
        guard let action = actions.first, let resource = resources.first else { return false }
        // Conditions tell most pairs apart; then an action or a resource the outer statement does not name.
        for context in contexts where separates(inner, outer, action: action, resource: resource, context: context) { return true }
        if let other = actions.first(where: { !StatementMatcher.actionMatches(outer, Array($0.utf8)) }),
            separates(inner, outer, action: other, resource: resource, context: contexts[0])
        {
            return true
        }
        if let other = resources.first(where: { excludes(outer, $0) }),
            separates(inner, outer, action: action, resource: other, context: contexts[0])
        {
            return true
        }
        return false
    }

    /// A sample of each statement's actions (lower-cased, wildcards taken out) and one of a service no policy names.
    private static func candidateActions(_ inner: CompiledStatement, _ outer: CompiledStatement) -> [String] {
        var result: [String] = []
        for pattern in inner.actions.prefix(8) + outer.actions.prefix(8) {
            let sample = pattern.sample
            if !sample.isEmpty, !result.contains(sample) { result.append(sample) }
        }
        return result + ["policylint:witness"]
    }

    /// A sample of each statement's resources (variables resolved), `*`, and an ARN no policy names.
    private static func candidateResources(_ inner: CompiledStatement, _ outer: CompiledStatement, evaluation: EvaluationContext)
        -> [String]
    {
        var result: [String] = []
        for value in (inner.resources ?? []).prefix(8) + (outer.resources ?? []).prefix(8) {
            let sample: String
            switch value {
            case .fixed(let pattern): sample = pattern.matchesEverything ? "*" : pattern.whole.sample
            case .template(let parts):
                guard let glob = ConditionEvaluator.resolve(parts, context: evaluation, forPattern: true)?.glob else { continue }
                sample = glob.sample
            }
            if !sample.isEmpty, !result.contains(sample) { result.append(sample) }
        }
        return result + ["*", "arn:aws:policylint:us-east-1:999911112222:witness"]
    }

    /// A value for each policy variable that reads a key the request gives (a key a condition
    /// also tests gets the value chosen for that condition).
    private static func variableContext(_ inner: CompiledStatement, _ outer: CompiledStatement) -> RequestContext {
        var templates: [[PolicyVariables.Part]] = []
        for statement in [inner, outer] {
            for condition in statement.conditions {
                for case .template(let parts) in condition.values { templates.append(parts) }
            }
            for case .template(let parts) in statement.resources ?? [] { templates.append(parts) }
        }
        var context = RequestContext()
        for key in templates.flatMap(\.variableKeys) where !RequestSpace.principalKeys.contains(key) {
            context[key] = .single(witnessValue)
        }
        return context
    }

    private static func separates(
        _ inner: CompiledStatement, _ outer: CompiledStatement, action: String, resource: String, context: RequestContext
    ) -> Bool {
        let action = Array(action.utf8)  // candidates are lower-cased already
        let resource = PreparedResource(resource)
        let context = EvaluationContext(given: context, principal: caller)
        return applies(inner, action, resource, context) == true && applies(outer, action, resource, context) == false
    }

    /// As the evaluator matches a statement without a principal; nil when it cannot decide.
    private static func applies(
        _ statement: CompiledStatement, _ action: [UInt8], _ resource: PreparedResource, _ context: EvaluationContext
    ) -> Bool? {
        guard statement.error == nil else { return nil }
        guard StatementMatcher.actionMatches(statement, action) else { return false }
        switch resource.withView({ StatementMatcher.resourceMatches(statement, $0, context: context) }) {
        case .success(false): return false
        case .failure: return nil
        case .success(true): break
        }
        let conditions = ConditionEvaluator.evaluate(statement.conditions, context: context)
        return conditions.error == nil ? conditions.satisfied : nil
    }
}

/// Request contexts the inner statement's conditions accept: the first with a value (or none)
/// for every key, then variants that change one key to a value the outer statement's
/// conditions on it reject. Candidate values come from both statements' condition values, as
/// the analysis's own representatives do; keys derived from the caller keep the caller's value.
private struct ConditionWitnesses {
    /// nil when no candidate meets the inner statement's conditions on some key.
    let contexts: [RequestContext]?

    init(inner: CompiledStatement, outer: CompiledStatement, variables: RequestContext) {
        var keys: [String] = []
        for condition in inner.conditions + outer.conditions where !keys.contains(condition.key) { keys.append(condition.key) }
        // Keys that variables read are chosen first, and the later keys' values are found and
        // checked with those choices in place: `aws:ResourceTag/x` against `${aws:PrincipalTag/x}`.
        keys = keys.filter { variables[$0] != nil } + keys.filter { variables[$0] == nil }
        var evaluation = EvaluationContext(given: variables, principal: UncoveredRequest.caller)
        func meets(_ conditions: [CompiledCondition], _ value: RequestContext.Value?) -> Bool {
            conditions.allSatisfy { (try? ConditionEvaluator.evaluate($0, value: value, context: evaluation).get()) == true }
        }
        var chosen = variables
        var variants: [(key: String, value: RequestContext.Value?)] = []
        for key in keys {
            let innerClauses = inner.conditions.filter { $0.key == key }
            let outerClauses = outer.conditions.filter { $0.key == key }
            if RequestSpace.principalKeys.contains(key) {
                // Fixed by the caller: the inner statement must accept its value.
                guard meets(innerClauses, evaluation[lowercasedKey: key]) else {
                    contexts = nil
                    return
                }
                continue
            }
            var accepted = ConditionCandidates.values(innerClauses + outerClauses, evaluation).filter { meets(innerClauses, $0) }
            if variables[key] != nil {
                // A key a variable reads too: a value, so that the variable resolves.
                accepted = accepted.filter { if case .single = $0 { return true } else { return false } }
                    + accepted.filter { if case .single = $0 { return false } else { return true } }
            }
            guard let first = accepted.first else {
                contexts = nil
                return
            }
            chosen[key] = first
            if variables[key] != nil { evaluation = EvaluationContext(given: chosen, principal: UncoveredRequest.caller) }
            if let rejected = accepted.first(where: { !meets(outerClauses, $0) }), variants.count < 16 {
                variants.append((key, rejected))
            }
        }
        contexts = [chosen] + variants.map { variant in
            var context = chosen
            context[variant.key] = variant.value
            return context
        }
    }
}

extension [PolicyVariables.Part] {
    /// The lower-cased keys of the variables.
    var variableKeys: Set<String> {
        var keys = Set<String>()
        for case .variable(let key, _) in self { keys.insert(key.lowercased()) }
        return keys
    }
}
