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

        var collector = Collector()
        let identity = identityApplies ? collector.layer(policies.identityPolicies, .identity, prepared, checksPrincipal: false) : .empty
        let resource = policies.resourcePolicy.map { collector.layer([$0], .resource, prepared, checksPrincipal: true) }
        let boundaries = identityApplies
            ? policies.permissionsBoundaries.map { collector.layer([$0], .permissionsBoundary, prepared, checksPrincipal: false) } : []
        let sessions = sessionsApply ? collector.layer(policies.sessionPolicies, .session, prepared, checksPrincipal: false) : .empty
        let scpLevels = scpsApply
            ? policies.serviceControlPolicies.map { collector.layer($0, .serviceControlPolicy, prepared, checksPrincipal: false) } : []
        let rcpLevels = rcpsApply
            ? policies.resourceControlPolicies.map { collector.layer($0, .resourceControlPolicy, prepared, checksPrincipal: true) } : []

        var layers = LayerVerdicts()
        if scpsApply { layers.organizations = scpLevels.allSatisfy(\.allows) }
        if rcpsApply { layers.resourceControlPolicies = rcpLevels.allSatisfy(\.allows) }
        if let resource { layers.resourcePolicy = resource.allows }
        // The root user has every permission its identity could be given.
        let identityAllows = prepared.isRoot || identity.allows
        if identityApplies { layers.identityPolicies = identityAllows }
        if identityApplies, !boundaries.isEmpty { layers.permissionsBoundary = boundaries.allSatisfy(\.allows) }
        // A federated-user session created without a session policy has no permissions.
        let sessionAllows = sessionsApply ? sessions.allows : !prepared.isFederatedUser
        if sessionsApply || prepared.isFederatedUser { layers.sessionPolicies = sessionAllows }
        let boundaryAllows = layers.permissionsBoundary ?? true

        // The decision, its deciding statements and its reason, settled in one place.
        let (decision, hits, why): (Decision, [Collector.Hit], DecisionReason) = {
            // 1. Explicit deny anywhere.
            if let first = collector.denyHits.first {
                let statement = collector.statements([first])[0]
                return (.explicitDeny, collector.denyHits,
                    .deniedByStatement(sid: statement.sid, index: statement.statementIndex, policyId: statement.policyId))
            }
            if let error = collector.errors.first { return (.implicitDeny, [], .undecidable(error.message)) }
            // 2. Organizations.
            if let index = rcpLevels.firstIndex(where: { !$0.allows }) { return (.implicitDeny, [], .resourceControlPolicyLevel(index + 1)) }
            if let index = scpLevels.firstIndex(where: { !$0.allows }) { return (.implicitDeny, [], .serviceControlPolicyLevel(index + 1)) }
            // 3 and 4. Identity and resource sides.
            let needsOwnPolicy = prepared.service.is("kms")
                || (prepared.service.is("sts") && trustPolicyActions.contains(String(decoding: prepared.action, as: UTF8.self)))
            let grant = resource?.bestGrant
            if needsOwnPolicy, grant == nil {
                return (.implicitDeny, [], prepared.service.is("kms") ? .keyPolicyDoesNotAllow : .trustPolicyDoesNotAllow)
            }
            let identitySide = identityApplies && identityAllows && boundaryAllows && sessionAllows
            let allowed: Bool
            var counted: [Collector.Hit] = []
            if !isIdentity {
                // Anonymous callers, services and identity providers: only the resource policy can allow.
                allowed = grant != nil
                counted = resource?.allowHits ?? []
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
                if resourceSide { counted += resource?.allowHits ?? [] }
                if identitySide { counted += identity.allowHits }
            } else {
                allowed = grant != nil && identitySide
                counted = identity.allowHits + (resource?.allowHits ?? [])
            }
            if allowed { return (.allowed, counted, sameAccount ? .allowed : .allowedByBothAccounts) }
            return (.implicitDeny, [], denialReason(
                isIdentity: isIdentity, sameAccount: sameAccount, grant: grant, hasResourcePolicy: resource != nil,
                identityAllows: identityAllows, boundaryAllows: boundaryAllows, sessionAllows: sessionAllows))
        }()
        return EvaluationResult(
            decision: decision, matchedStatements: hits.isEmpty ? [] : collector.statements(hits), layers: layers,
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
    var denyHits: [Hit] = []
    var errors: [EvaluationError] = []
    var missingKeys: [String] = []

    /// A statement that matched. The policy is held unretained: every policy lives in the
    /// `PolicySet` for the whole evaluation, and skipping the reference counting is most of
    /// what a match costs.
    struct Hit {
        var policy: Unmanaged<CompiledPolicy>
        var statement: Int32
        var layer: PolicyLayer
    }

    struct Layer {
        var allowHits: [Hit] = []
        var bestGrant: PrincipalMatch?
        var allows: Bool { !allowHits.isEmpty }
        static let empty = Layer()
    }

    func statements(_ hits: [Hit]) -> [MatchedStatement] {
        hits.map { hit in
            let policy = hit.policy.takeUnretainedValue()
            return MatchedStatement(policy: policy, statement: policy.statements[Int(hit.statement)], layer: hit.layer)
        }
    }

    mutating func layer(_ layerPolicies: [CompiledPolicy], _ kind: PolicyLayer, _ prepared: PreparedRequest, checksPrincipal: Bool)
        -> Layer
    {
        var layer = Layer()
        for policy in layerPolicies {
            guard policy.errors.isEmpty else {
                errors += policy.errors.map { EvaluationError("\(policy.id): \($0.message)", span: $0.span) }
                continue
            }
            let reference = Unmanaged.passUnretained(policy)
            let statements = policy.statements
            for index in policy.candidateStatements(service: prepared.service) {
                let statement = statements[index]
                // Most candidates fail on the action: skip them before building any outcome.
                guard StatementMatcher.actionMatches(statement, prepared.action) else { continue }
                switch StatementMatcher.evaluate(statement, request: prepared, checksPrincipal: checksPrincipal) {
                case .noMatch(let missing):
                    if !missing.isEmpty { missingKeys += missing }
                case .error(let error):
                    errors.append(EvaluationError("\(policy.id): \(error.message)", span: error.span))
                case .match(let match):
                    if !match.missingKeys.isEmpty { missingKeys += match.missingKeys }
                    let hit = Hit(policy: reference, statement: Int32(index), layer: kind)
                    if statement.effect == .deny {
                        denyHits.append(hit)
                    } else {
                        layer.allowHits.append(hit)
                        layer.bestGrant = max(layer.bestGrant ?? match.principal, match.principal)
                    }
                }
            }
        }
        return layer
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
    func sortedUnique() -> [String] { Array(Set(self)).sorted() }
}
