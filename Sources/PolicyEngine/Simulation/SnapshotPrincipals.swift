/// The policies that apply to a user's or a role's requests, gathered from an account
/// snapshot as IAM's simulate-principal-policy gathers them from the account: inline
/// policies, attached managed policies (their default versions), for users their groups'
/// inline and attached policies, and the permissions boundary. Each managed policy is
/// compiled once and shared by every principal it is attached to.
public final class SnapshotPrincipals {
    public let snapshot: AccountSnapshot
    private let groupsByName: [String: AccountSnapshot.Entity]
    /// Compiled on first use: `simulate` needs a handful, `who-can` all of them.
    private var compiledManaged: [ManagedKey: CompiledPolicy] = [:]
    /// Inline and trust policies, by origin (unique in a snapshot: the holder's name and
    /// the policy's), so each is compiled once however many requests ask.
    private var compiledEmbedded: [String: CompiledPolicy] = [:]

    struct ManagedKey: Hashable, Sendable {
        var arn: String
        var isBoundary: Bool
    }

    public init(_ snapshot: AccountSnapshot) {
        self.snapshot = snapshot
        var groups: [String: AccountSnapshot.Entity] = [:]
        for group in snapshot.groups { groups[group.name] = group }
        groupsByName = groups
    }

    /// What applies to one principal's requests.
    public struct Gathered: Sendable {
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
            case .invalidPrincipal(let text): return "'\(text)' is not a user, role or assumed-role ARN"
            case .notInSnapshot(let text): return "'\(text)' is not a user or role in the snapshot"
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
        Self.gather(entity, groups: groupsByName, managed: managed, compile: compileCached)
    }

    private static func gather(
        _ entity: AccountSnapshot.Entity, groups: [String: AccountSnapshot.Entity],
        managed: (ManagedKey) -> CompiledPolicy?, compile: (EmbeddedPolicy) -> CompiledPolicy
    ) -> Gathered {
        var policies = entity.inlinePolicies.map(compile)
        var missing: [String] = []
        var attached = entity.attachedPolicyArns
        if entity.kind == .user {
            for name in entity.groupNames {
                guard let group = groups[name] else {
                    missing.append("group/\(name)")
                    continue
                }
                policies += group.inlinePolicies.map(compile)
                attached += group.attachedPolicyArns
            }
        }
        var seen = Set<String>()
        for arn in attached where seen.insert(arn).inserted {
            if let compiled = managed(ManagedKey(arn: arn, isBoundary: false)) { policies.append(compiled) } else { missing.append(arn) }
        }
        var boundary: CompiledPolicy?
        if let arn = entity.permissionsBoundaryArn {
            // Without the boundary's document nothing can be decided: it may deny anything.
            boundary = managed(ManagedKey(arn: arn, isBoundary: true))
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
        return compileCached(trust)
    }

    private static func compile(_ policy: EmbeddedPolicy, in source: SourceText) -> CompiledPolicy {
        CompiledPolicy(document: policy.document(in: source), id: policy.origin)
    }

    private func compileCached(_ policy: EmbeddedPolicy) -> CompiledPolicy {
        if let compiled = compiledEmbedded[policy.origin] { return compiled }
        let compiled = Self.compile(policy, in: snapshot.source)
        compiledEmbedded[policy.origin] = compiled
        return compiled
    }

    private static func compileManaged(_ key: ManagedKey, snapshot: AccountSnapshot) -> CompiledPolicy? {
        guard var document = snapshot.managedPolicies[key.arn]?.document else { return nil }
        document.policyType = key.isBoundary ? .boundary : .identity
        return CompiledPolicy(document: document.document(in: snapshot.source), id: key.arn)
    }

    private func managed(_ key: ManagedKey) -> CompiledPolicy? {
        if let compiled = compiledManaged[key] { return compiled }
        guard let compiled = Self.compileManaged(key, snapshot: snapshot) else { return nil }
        compiledManaged[key] = compiled
        return compiled
    }

    // MARK: Who can

    public struct Request: Sendable {
        public var action: String
        public var resource: String

        public init(action: String, resource: String) {
            self.action = action
            self.resource = resource
        }
    }

    /// One principal that may make a request, with the result that says why.
    public struct Answer: Sendable {
        public var entity: AccountSnapshot.Entity
        public var result: EvaluationResult
    }

    /// For each request, every user and role in the snapshot allowed to make it, in snapshot
    /// order; principals whose decision could not be made are returned apart, never as
    /// allowed. Managed policies are compiled first, then principals are decided on `jobs`
    /// threads.
    public func whoCan(
        _ requests: [Request], context: RequestContext = RequestContext(), resourcePolicy: CompiledPolicy? = nil,
        jobs: Int = 1
    ) -> [(allowed: [Answer], undecided: [Answer])] {
        let snapshot = self.snapshot
        let entities = snapshot.users + snapshot.roles
        var keys: [ManagedKey] = snapshot.managedPolicyArns.map { ManagedKey(arn: $0, isBoundary: false) }
        let boundaryArns = Set(entities.compactMap(\.permissionsBoundaryArn))
        keys += boundaryArns.sorted().map { ManagedKey(arn: $0, isBoundary: true) }
        let compiled = ParallelMap.map(keys, jobs: jobs) { Self.compileManaged($0, snapshot: snapshot) }
        var table = compiledManaged
        for (key, policy) in zip(keys, compiled) { if let policy { table[key] = policy } }
        compiledManaged = table
        let managed = table
        let groups = groupsByName
        let perEntity = ParallelMap.map(entities, jobs: jobs) { entity -> [EvaluationResult] in
            let gathered = Self.gather(entity, groups: groups, managed: { managed[$0] }, compile: { Self.compile($0, in: snapshot.source) })
            var policies = gathered.policySet
            policies.resourcePolicy = resourcePolicy
            return requests.map { request in
                Evaluator.evaluate(
                    AuthorizationRequest(principal: gathered.principal, action: request.action, resource: request.resource, context: context),
                    policies: policies)
            }
        }
        return requests.indices.map { index in
            var allowed: [Answer] = []
            var undecided: [Answer] = []
            for (entity, results) in zip(entities, perEntity) {
                let result = results[index]
                if result.decision == .allowed {
                    allowed.append(Answer(entity: entity, result: result))
                } else if !result.errors.isEmpty {
                    undecided.append(Answer(entity: entity, result: result))
                }
            }
            return (allowed, undecided)
        }
    }
}
