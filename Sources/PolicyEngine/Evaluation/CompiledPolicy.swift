/// A policy prepared for evaluation once and reused for every request: actions lower-cased
/// into patterns, resource patterns split, condition values parsed, and statements indexed
/// by the service prefix of their actions.
public final class CompiledPolicy: Sendable {
    /// How the policy is named in results (a file name, or `identityPolicies[0]`).
    public let id: String
    public let source: SourceText
    let statements: [CompiledStatement]
    /// Problems that make every decision involving this policy uncertain.
    public let errors: [EvaluationError]
    /// For each service prefix its statements' indices merged with the any-service ones, in
    /// order. A list, searched in turn by hash: policies name few services.
    private let statementsByService: [ServiceStatements]
    private let statementsForAnyService: [Int]

    private struct ServiceStatements {
        let hash: UInt64
        let service: [UInt8]
        let statements: [Int]
    }

    public convenience init(source: SourceText, id: String, policyType: PolicyType) {
        self.init(document: PolicyDocument(source: source, policyType: policyType), id: id)
    }

    public init(document: PolicyDocument, id: String) {
        self.id = id
        self.source = document.source
        var errors = document.findings.filter { $0.severity == .error }.map {
            EvaluationError("\($0.message) [\($0.ruleId)]", span: $0.span)
        }
        var statements: [CompiledStatement] = []
        let substitutes = document.policy?.substitutesVariables ?? false
        for statement in document.policy?.statements ?? [] {
            let compiled = CompiledStatement(statement, substitutesVariables: substitutes)
            if let error = compiled.error { errors.append(error) }
            statements.append(compiled)
        }
        self.statements = statements
        self.errors = errors
        var byService: [String: [Int]] = [:]
        var anyService: [Int] = []
        for (index, statement) in statements.enumerated() {
            if let services = statement.actionServices {
                for service in services { byService[service, default: []].append(index) }
            } else {
                anyService.append(index)
            }
        }
        statementsByService = byService.keys.sorted().map { service in
            let bytes = Array(service.utf8)
            return ServiceStatements(hash: bytes.withUnsafeBufferPointer(ServicePrefix.hash), service: bytes,
                statements: (byService[service]! + anyService).sorted())
        }
        statementsForAnyService = anyService
    }

    /// A policy that applies but whose document is not at hand (a boundary missing from a
    /// snapshot): it allows nothing and makes every decision it takes part in an error, so
    /// no request is called allowed without it.
    public init(unavailable id: String, reason: String) {
        self.id = id
        self.source = SourceText(name: id, bytes: [])
        self.statements = []
        self.errors = [EvaluationError("`\(id)` \(reason)")]
        self.statementsByService = []
        self.statementsForAnyService = []
    }

    /// Indices of the statements that can apply to an action of `service`, in source order,
    /// lent to `body` in place.
    func withCandidateStatements<Result>(service: ServicePrefix, _ body: (UnsafeBufferPointer<Int>) -> Result) -> Result {
        statementsByService.withUnsafeBufferPointer { entries in
            for index in entries.indices where entries[index].hash == service.hash {
                let found = entries[index].service.withUnsafeBufferPointer { ServicePrefix.equal($0, service.bytes) }
                if found { return entries[index].statements.withUnsafeBufferPointer(body) }
            }
            return statementsForAnyService.withUnsafeBufferPointer(body)
        }
    }
}

/// How the Principal of a resource-based statement matched the caller, which decides what
/// else must allow the request (IAM User Guide, "Policy evaluation logic", same account).
public enum PrincipalMatch: String, Sendable, Comparable {
    /// The account (`111122223333` or `arn:aws:iam::111122223333:root`): only delegates, so
    /// an identity-based Allow is still needed.
    case account
    /// A role ARN matching one of its sessions: still limited by boundaries and session policies.
    case role
    /// The caller itself (user, session, federated user, service, provider) or `*`.
    case direct

    private var rank: Int {
        switch self {
        case .account: return 0
        case .role: return 1
        case .direct: return 2
        }
    }

    public static func < (lhs: PrincipalMatch, rhs: PrincipalMatch) -> Bool { lhs.rank < rhs.rank }
}

final class CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let effect: Effect
    let span: SourceSpan
    let actionsNegated: Bool
    let actions: [GlobPattern]
    let resourcesNegated: Bool
    /// nil when the statement has no Resource element (role trust policies).
    let resources: [ResourceValue]?
    let principal: PrincipalElement?
    let conditions: [CompiledCondition]
    let error: EvaluationError?
    /// For the analysis only: facts it cannot see inside (a Resource entry with policy variables)
    /// that must hold, true or false, for the statement to apply. Empty for real statements.
    let opaqueRequirements: [(identity: String, truth: Bool)]

    /// Lower-cased service prefixes when every action names one literally; nil means "any".
    /// Worked out when a policy indexes its statements, not for every statement compiled.
    var actionServices: Set<String>? {
        guard !actionsNegated else { return nil }
        var services = Set<String>()
        for pattern in actions {
            guard let service = pattern.literalServicePrefix else { return nil }
            services.insert(service)
        }
        return services
    }

    enum ResourceValue: Sendable {
        case fixed(ResourcePattern)
        case template([PolicyVariables.Part])
    }

    /// `actionPatterns`, when given, are the Action values already compiled (each the same as
    /// `GlobPattern(value, caseInsensitive: true)`): the linter keeps one per distinct value.
    init(_ statement: Statement, substitutesVariables: Bool, actionPatterns: [GlobPattern]? = nil) {
        index = statement.index
        sid = statement.sid?.value
        effect = statement.effect?.value ?? .deny
        span = statement.span
        principal = statement.principal
        var error: EvaluationError?
        if statement.effect == nil { error = EvaluationError("statement has no valid `Effect`", span: statement.span) }

        let actionElement = statement.action
        actionsNegated = actionElement?.isNegated ?? false
        if let actionPatterns, actionPatterns.count == actionElement?.values.count ?? 0 {
            actions = actionPatterns
        } else {
            actions = (actionElement?.values ?? []).map { GlobPattern($0.value, caseInsensitive: true) }
        }

        resourcesNegated = statement.resource?.isNegated ?? false
        resources = statement.resource.map { element in
            element.values.map { value -> ResourceValue in
                if substitutesVariables, value.value.mayHoldPolicyVariable {
                    guard let parts = PolicyVariables.parse(value.value) else {
                        error = error ?? EvaluationError("malformed policy variable in `\(value.value)`", span: value.span)
                        return .fixed(ResourcePattern(GlobPattern()))
                    }
                    return .template(parts)
                }
                return .fixed(ResourcePattern(value.value))
            }
        }

        var conditions: [CompiledCondition] = []
        for clause in statement.condition?.clauses ?? [] {
            switch ConditionCompiler.compile(clause, substitutesVariables: substitutesVariables) {
            case .success(let condition): conditions.append(condition)
            case .failure(let failure): error = error ?? failure
            }
        }
        self.conditions = conditions
        self.error = error
        opaqueRequirements = []
    }

    /// A copy with other resources and opaque requirements, for the analysis.
    init(_ base: CompiledStatement, resources: [ResourceValue]?, negated: Bool, opaque: [(identity: String, truth: Bool)]) {
        index = base.index
        sid = base.sid
        effect = base.effect
        span = base.span
        actionsNegated = base.actionsNegated
        actions = base.actions
        resourcesNegated = negated
        self.resources = resources
        principal = base.principal
        conditions = base.conditions
        error = base.error
        opaqueRequirements = opaque
    }
}
