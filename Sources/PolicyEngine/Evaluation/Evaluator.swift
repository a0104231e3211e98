/// AWS's authorization logic over a `PolicySet` (IAM User Guide, "Policy evaluation logic",
/// "Cross-account policy evaluation logic"; AWS Organizations, "SCP evaluation", "RCP
/// evaluation"; AWS KMS, "Key policies"; STS AssumeRole reference).
///
/// 1. A matching Deny in any policy that applies is an explicit deny.
/// 2. RCPs (resources in member accounts) and SCPs (principals in member accounts, not
///    service-linked roles) need an Allow at every organization level.
/// 3. Same account: an identity-based Allow or a resource-based Allow suffices, limited by
///    the permissions boundary and session policies as the resource policy's principal
///    decides (`PrincipalMatch`). Cross-account: both sides must allow.
/// 4. Role trust policies (sts:AssumeRole*) and KMS key policies must allow themselves.
/// Anything that cannot be evaluated makes the result an error, never `allowed`.
public enum Evaluator {
    static let trustPolicyActions: Set<String> = [
        "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
    ]

    public static func evaluate(_ request: AuthorizationRequest, policies: PolicySet) -> EvaluationResult {
        evaluate(request, borrowing: policies)
    }

    /// Borrowing, so the closures below capture the set in place: captured as a copy, its six
    /// arrays were retained and released for each closure, which cost more than deciding.
    private static func evaluate(_ request: borrowing AuthorizationRequest, borrowing policies: borrowing PolicySet)
        -> EvaluationResult
    {
        PreparedRequest.with(request, hasPermissionsBoundary: !policies.permissionsBoundaries.isEmpty) {
            decide($0, policies: policies)
        }
    }

    private static func decide(_ prepared: PreparedRequest, policies: borrowing PolicySet) -> EvaluationResult {
        let sameAccount = prepared.isSameAccount
        let isIdentity = prepared.isIAMIdentity

        // Which layers apply to this request.
        let identityApplies = isIdentity
        let scpsApply = isIdentity && !policies.serviceControlPolicies.isEmpty
            && !prepared.principalAccountIsManagementAccount && !prepared.isServiceLinkedRole
        // RCPs are applied to every service: the list that honours them grows, and erring this
        // way can only deny what AWS might allow, never the reverse.
        let resourceInManagementAccount = sameAccount && prepared.principalAccountIsManagementAccount
        let rcpsApply = !policies.resourceControlPolicies.isEmpty && !resourceInManagementAccount
        // Session policies bind sessions only: an IAM user or the root user has none.
        let sessionsApply = prepared.isSession && !policies.sessionPolicies.isEmpty

        // Every layer that applies is collected in full, so each deny, error and missing key counts.
        var collector = Collector()
        let identity = identityApplies ? collector.layer(policies.identityPolicies, .identity, prepared, checksPrincipal: false) : .empty
        let resource = policies.resourcePolicy.map { collector.layer($0, .resource, prepared, checksPrincipal: true) }
        var boundariesAllow: Bool?
        if identityApplies {
            for boundary in policies.permissionsBoundaries {
                let allows = collector.layer(boundary, .permissionsBoundary, prepared, checksPrincipal: false).allows
                boundariesAllow = (boundariesAllow ?? true) && allows
            }
        }
        let sessions = sessionsApply ? collector.layer(policies.sessionPolicies, .session, prepared, checksPrincipal: false) : .empty
        // The first organization level (0-based) where nothing allows.
        var scpLevelDenying: Int?
        if scpsApply {
            for (level, policies) in policies.serviceControlPolicies.enumerated() {
                let allows = collector.layer(policies, .serviceControlPolicy, prepared, checksPrincipal: false).allows
                if !allows, scpLevelDenying == nil { scpLevelDenying = level }
            }
        }
        var rcpLevelDenying: Int?
        if rcpsApply {
            for (level, policies) in policies.resourceControlPolicies.enumerated() {
                let allows = collector.layer(policies, .resourceControlPolicy, prepared, checksPrincipal: true).allows
                if !allows, rcpLevelDenying == nil { rcpLevelDenying = level }
            }
        }

        var layers = LayerVerdicts()
        if scpsApply { layers.organizations = scpLevelDenying == nil }
        if rcpsApply { layers.resourceControlPolicies = rcpLevelDenying == nil }
        if let resource { layers.resourcePolicy = resource.allows }
        // The root user has every permission its identity could be given.
        let identityAllows = prepared.isRoot || identity.allows
        if identityApplies { layers.identityPolicies = identityAllows }
        if identityApplies, let boundariesAllow { layers.permissionsBoundary = boundariesAllow }
        // A federated-user session created without a session policy has no permissions.
        let sessionAllows = sessionsApply ? sessions.allows : !prepared.isFederatedUser
        if sessionsApply || prepared.isFederatedUser { layers.sessionPolicies = sessionAllows }
        let boundaryAllows = layers.permissionsBoundary ?? true

        // The decision, its deciding statements and its reason, settled in one place.
        let (decision, matched, why): (Decision, [MatchedStatement], DecisionReason) = {
            // 1. Explicit deny anywhere.
            if collector.hasDeny {
                let denies = collector.denyStatements()
                let first = denies[0]
                return (.explicitDeny, denies,
                    .deniedByStatement(sid: first.sid, index: first.statementIndex, policyId: first.policyId))
            }
            if let error = collector.errors.first { return (.implicitDeny, [], .undecidable(error.message)) }
            // 2. Organizations.
            if let index = rcpLevelDenying { return (.implicitDeny, [], .resourceControlPolicyLevel(index + 1)) }
            if let index = scpLevelDenying { return (.implicitDeny, [], .serviceControlPolicyLevel(index + 1)) }
            // 3 and 4. Identity and resource sides.
            let needsOwnPolicy = prepared.service.is("kms")
                || (prepared.service.is("sts") && trustPolicyActions.contains(String(decoding: prepared.action, as: UTF8.self)))
            let grant = resource?.bestGrant
            if needsOwnPolicy, grant == nil {
                return (.implicitDeny, [], prepared.service.is("kms") ? .keyPolicyDoesNotAllow : .trustPolicyDoesNotAllow)
            }
            let identitySide = identityApplies && identityAllows && boundaryAllows && sessionAllows
            let allowed: Bool
            // The layers whose Allows count, in the order their statements are listed.
            var counted: (Collector.Layer?, Collector.Layer?) = (nil, nil)
            if !isIdentity {
                // Anonymous callers, services and identity providers: only the resource policy can allow.
                allowed = grant != nil
                counted = (resource, nil)
            } else if sameAccount {
                var resourceSide = false
                switch grant {
                case .direct?:
                    // A user named in a trust policy is still limited by their boundary for sts:AssumeRole
                    // (IAM User Guide, "Update a role trust policy").
                    resourceSide = needsOwnPolicy && prepared.service.is("sts") ? boundaryAllows : true
                case .role?: resourceSide = boundaryAllows && sessionAllows
                case .account?: resourceSide = false  // delegation only: the identity side must allow
                case nil: resourceSide = false
                }
                allowed = resourceSide || identitySide
                counted = (resourceSide ? resource : nil, identitySide ? identity : nil)
            } else {
                allowed = grant != nil && identitySide
                counted = (identity, resource)
            }
            if allowed {
                return (.allowed, collector.allowStatements(counted.0, counted.1), sameAccount ? .allowed : .allowedByBothAccounts)
            }
            return (.implicitDeny, [], denialReason(
                isIdentity: isIdentity, sameAccount: sameAccount, grant: grant, hasResourcePolicy: resource != nil,
                identityAllows: identityAllows, boundaryAllows: boundaryAllows, sessionAllows: sessionAllows))
        }()
        return EvaluationResult(
            decision: decision, matchedStatements: matched, layers: layers,
            missingContextKeys: collector.missingKeys.isEmpty ? [] : collector.missingKeys.sortedUnique(),
            errors: collector.errors, why: why, isCrossAccount: !sameAccount)
    }

    private static func denialReason(
        isIdentity: Bool, sameAccount: Bool, grant: PrincipalMatch?, hasResourcePolicy: Bool, identityAllows: Bool,
        boundaryAllows: Bool, sessionAllows: Bool
    ) -> DecisionReason {
        if !isIdentity { return .noResourcePolicyAllowsPrincipal }
        if !sameAccount, grant == nil {
            return hasResourcePolicy ? .crossAccountResourcePolicyDoesNotAllow : .crossAccountWithoutResourcePolicy
        }
        if !identityAllows { return sameAccount ? .noPolicyAllows : .crossAccountIdentityDoesNotAllow }
        if !boundaryAllows { return .boundaryDoesNotAllow }
        if !sessionAllows { return .sessionPolicyDoesNotAllow }
        return .noPolicyAllows
    }
}

/// Gathers the matching statements of each layer, and the denies, errors and missing keys of
/// all. Matches are kept as indices; `MatchedStatement`s are built only for the result.
struct Collector {
    /// Every matching statement, Allow or Deny, of every layer in the order found: one array
    /// a decision, so matching allocates once at most rather than once a layer.
    private var hits: [Hit] = []
    private(set) var hasDeny = false
    var errors: [EvaluationError] = []
    var missingKeys: [String] = []

    /// A statement that matched. The policy is held unretained: every policy lives in the
    /// `PolicySet` for the whole evaluation, and skipping the reference counting is most of
    /// what a match costs.
    struct Hit {
        var policy: Unmanaged<CompiledPolicy>
        var statement: Int32
        var layer: PolicyLayer
        var isDeny: Bool
    }

    /// One layer's answer: its hits are `hits[range]`.
    struct Layer {
        var range: Range<Int> = 0..<0
        var allowCount = 0
        var bestGrant: PrincipalMatch?
        var allows: Bool { allowCount > 0 }
        static let empty = Layer()
    }

    /// The Deny statements that matched, in the order found.
    func denyStatements() -> [MatchedStatement] {
        Array(hits.lazy.filter(\.isDeny).map(Self.statement))
    }

    /// The Allow statements of up to two layers, the first's first.
    func allowStatements(_ first: Layer?, _ second: Layer?) -> [MatchedStatement] {
        var statements: [MatchedStatement] = []
        for layer in [first, second] {
            guard let layer else { continue }
            for hit in hits[layer.range] where !hit.isDeny { statements.append(Self.statement(hit)) }
        }
        return statements
    }

    private static func statement(_ hit: Hit) -> MatchedStatement {
        let policy = hit.policy.takeUnretainedValue()
        return MatchedStatement(policy: policy, statement: policy.statements[Int(hit.statement)], layer: hit.layer)
    }

    mutating func layer(_ policy: CompiledPolicy, _ kind: PolicyLayer, _ prepared: PreparedRequest, checksPrincipal: Bool) -> Layer {
        var layer = Layer(range: hits.count..<hits.count)
        collect(policy, kind, prepared, checksPrincipal: checksPrincipal, into: &layer)
        layer.range = layer.range.lowerBound..<hits.count
        return layer
    }

    mutating func layer(_ layerPolicies: [CompiledPolicy], _ kind: PolicyLayer, _ prepared: PreparedRequest, checksPrincipal: Bool)
        -> Layer
    {
        var layer = Layer(range: hits.count..<hits.count)
        for policy in layerPolicies { collect(policy, kind, prepared, checksPrincipal: checksPrincipal, into: &layer) }
        layer.range = layer.range.lowerBound..<hits.count
        return layer
    }

    private mutating func collect(
        _ policy: CompiledPolicy, _ kind: PolicyLayer, _ prepared: PreparedRequest, checksPrincipal: Bool, into layer: inout Layer
    ) {
        guard policy.errors.isEmpty else {
            errors += policy.errors.map { EvaluationError("\(policy.id): \($0.message)", span: $0.span) }
            return
        }
        let reference = Unmanaged.passUnretained(policy)
        // Borrowed in place: copying a statement or the candidate list out would retain it.
        policy.statements.withUnsafeBufferPointer { statements in
            policy.withCandidateStatements(service: prepared.service) { candidates in
                for index in candidates {
                    // Most candidates fail on the action: skip them before building any outcome.
                    guard StatementMatcher.actionMatches(statements[index], prepared.action) else { continue }
                    consider(statements[index], index, of: policy, reference, kind, prepared, checksPrincipal: checksPrincipal,
                        into: &layer)
                }
            }
        }
    }

    /// The rest of the match for a statement whose action matched, and what it adds.
    private mutating func consider(
        _ statement: CompiledStatement, _ index: Int, of policy: CompiledPolicy, _ reference: Unmanaged<CompiledPolicy>,
        _ kind: PolicyLayer, _ prepared: PreparedRequest, checksPrincipal: Bool, into layer: inout Layer
    ) {
        switch StatementMatcher.evaluate(statement, request: prepared, checksPrincipal: checksPrincipal) {
        case .noMatch(let missing):
            if !missing.isEmpty { missingKeys += missing }
        case .error(let error):
            errors.append(EvaluationError("\(policy.id): \(error.message)", span: error.span))
        case .match(let match):
            if !match.missingKeys.isEmpty { missingKeys += match.missingKeys }
            let isDeny = statement.effect == .deny
            if hits.isEmpty { hits.reserveCapacity(8) }
            hits.append(Hit(policy: reference, statement: Int32(index), layer: kind, isDeny: isDeny))
            if isDeny {
                hasDeny = true
            } else {
                layer.allowCount += 1
                layer.bestGrant = max(layer.bestGrant ?? match.principal, match.principal)
            }
        }
    }
}

extension MatchedStatement {
    init(policy: CompiledPolicy, statement: CompiledStatement, layer: PolicyLayer) {
        self.init(policyId: policy.id, layer: layer, statementIndex: statement.index, sid: statement.sid,
            effect: statement.effect, span: statement.span, source: policy.source)
    }
}

extension RequestPrincipal {
    var isRoot: Bool {
        if case .root = self { return true }
        return false
    }

    var isFederatedUser: Bool {
        if case .federatedUser = self { return true }
        return false
    }
}

extension Array where Element == String {
    /// Sorted, each once: sorting then dropping neighbours that are equal costs far less than
    /// a Set for the few keys a decision misses.
    func sortedUnique() -> [String] {
        var unique: [String] = []
        for key in sorted() where unique.last != key { unique.append(key) }
        return unique
    }
}
