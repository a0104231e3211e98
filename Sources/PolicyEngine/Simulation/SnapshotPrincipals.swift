/// The policies that apply to a user's or a role's requests, gathered from an account
/// snapshot as IAM's simulate-principal-policy gathers them from the account: inline
/// policies, attached managed policies (their default versions), for users their groups'
/// inline and attached policies, and the permissions boundary. Each managed policy is
/// compiled once and shared by every principal it is attached to.
public final class SnapshotPrincipals {
    public let snapshot: AccountSnapshot
    private var compiledManaged: [String: CompiledPolicy] = [:]
    private let groupsByName: [String: AccountSnapshot.Entity]

    public init(_ snapshot: AccountSnapshot) {
        self.snapshot = snapshot
        var groups: [String: AccountSnapshot.Entity] = [:]
        for group in snapshot.groups { groups[group.name] = group }
        groupsByName = groups
    }

    /// What applies to one principal's requests.
    public struct Gathered {
        public var entity: AccountSnapshot.Entity
        public var principal: RequestPrincipal
        public var identityPolicies: [CompiledPolicy]
        public var permissionsBoundary: CompiledPolicy?
        /// Attached policies the snapshot lacks: whatever they allow is not counted, so a
        /// decision can only be stricter than AWS's, never looser.
        public var missingPolicies: [String]

        public var policySet: PolicySet {
            PolicySet(identityPolicies: identityPolicies, permissionsBoundaries: permissionsBoundary.map { [$0] } ?? [])
        }
    }

    public enum LookupError: Error, CustomStringConvertible {
        case invalidPrincipal(String)
        case notInSnapshot(String)

        public var description: String {
            switch self {
            case .invalidPrincipal(let text):
                return "'\(text)' is not a user, role or assumed-role ARN"
            case .notInSnapshot(let text):
                return "'\(text)' is not a user or role in the snapshot"
            }
        }
    }

    /// The user or role an ARN names: a user ARN, a role ARN, or a session of a role.
    public func gather(_ principalText: String) -> Result<Gathered, LookupError> {
        guard let principal = RequestPrincipal(principalText) else { return .failure(.invalidPrincipal(principalText)) }
        let entity: AccountSnapshot.Entity?
        switch principal {
        case .user(let account, _, let name):
            entity = snapshot.users.first { $0.name == name && RequestPrincipal($0.arn)?.account == account }
        case .roleSession(let account, let roleName, _, _):
            entity = snapshot.roles.first { $0.name == roleName && RequestPrincipal($0.arn)?.account == account }
        default:
            return .failure(.invalidPrincipal(principalText))
        }
        guard let entity else { return .failure(.notInSnapshot(principalText)) }
        var gathered = gather(entity)
        gathered.principal = principal  // a session keeps its session name
        return .success(gathered)
    }

    /// What applies to a user's or role's requests (a role's: those of its sessions).
    public func gather(_ entity: AccountSnapshot.Entity) -> Gathered {
        var policies = entity.inlinePolicies.map(compile)
        var missing: [String] = []
        var attached = entity.attachedPolicyArns
        if entity.kind == .user {
            for name in entity.groupNames {
                guard let group = groupsByName[name] else {
                    missing.append("group/\(name)")
                    continue
                }
                policies += group.inlinePolicies.map(compile)
                attached += group.attachedPolicyArns
            }
        }
        var seen = Set<String>()
        for arn in attached where seen.insert(arn).inserted {
            if let compiled = managed(arn) { policies.append(compiled) } else { missing.append(arn) }
        }
        var boundary: CompiledPolicy?
        if let arn = entity.permissionsBoundaryArn {
            // Without the boundary's document nothing can be decided: it may deny anything.
            boundary = managed(arn, type: .boundary)
                ?? CompiledPolicy(unavailable: arn, reason: "is the permissions boundary but is not in the snapshot")
        }
        let principal = RequestPrincipal(entity.arn) ?? .anonymous
        return Gathered(entity: entity, principal: principal, identityPolicies: policies, permissionsBoundary: boundary,
            missingPolicies: missing)
    }

    /// The trust policy of the role an ARN names, when the role is in the snapshot: the
    /// resource-based policy of sts:AssumeRole* on it.
    public func trustPolicy(ofRole arn: String) -> CompiledPolicy? {
        guard case .roleSession(let account, let name, let path?, nil)? = RequestPrincipal(arn),
              let role = snapshot.roles.first(where: { role in
                  guard case .roleSession(account, name, path, _)? = RequestPrincipal(role.arn) else { return false }
                  return true
              }),
              let trust = role.trustPolicy else { return nil }
        return compile(trust)
    }

    private func compile(_ policy: EmbeddedPolicy) -> CompiledPolicy {
        CompiledPolicy(document: policy.document(in: snapshot.source), id: policy.origin)
    }

    private func managed(_ arn: String, type: PolicyType = .identity) -> CompiledPolicy? {
        let key = type == .boundary ? "boundary " + arn : arn
        if let compiled = compiledManaged[key] { return compiled }
        guard var document = snapshot.managedPolicies[arn]?.document else { return nil }
        document.policyType = type
        let compiled = CompiledPolicy(document: document.document(in: snapshot.source), id: arn)
        compiledManaged[key] = compiled
        return compiled
    }

    /// One principal that may make the request, with the statements that allow it.
    public struct Allowed {
        public var entity: AccountSnapshot.Entity
        public var result: EvaluationResult
    }

    /// Every user and role in the snapshot allowed to make the request, in snapshot order.
    /// Principals whose decision could not be made are returned apart, never as allowed.
    public func whoCan(
        action: String, resource: String, context: RequestContext = RequestContext(), resourcePolicy: CompiledPolicy? = nil
    ) -> (allowed: [Allowed], undecided: [Allowed]) {
        var allowed: [Allowed] = []
        var undecided: [Allowed] = []
        for entity in snapshot.users + snapshot.roles {
            let gathered = gather(entity)
            var policies = gathered.policySet
            policies.resourcePolicy = resourcePolicy
            let request = AuthorizationRequest(principal: gathered.principal, action: action, resource: resource, context: context)
            let result = Evaluator.evaluate(request, policies: policies)
            if result.decision == .allowed {
                allowed.append(Allowed(entity: entity, result: result))
            } else if !result.errors.isEmpty {
                undecided.append(Allowed(entity: entity, result: result))
            }
        }
        return (allowed, undecided)
    }
}
