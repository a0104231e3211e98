/// Why an analysis could not run: a policy that does not parse, or has statements or
/// conditions the evaluator cannot read. Located in the policy's source.
public struct AnalysisError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// `file:line:col`, when the problem has a place.
    public var location: String?

    public init(_ message: String, location: String? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// A request that proves an answer, with the statements of the policy under test that allow it.
public struct AccessWitness: Sendable {
    public var request: AuthorizationRequest
    public var grantedBy: [MatchedStatement]
    /// The context keys as the policies write them, by lower-cased name (the context stores them lower-cased).
    public var keyNames: [String: String] = [:]

    /// A context key as the policies write it.
    public func keyName(_ key: String) -> String { keyNames[key] ?? key }

    /// How the caller is written on the command line and in JSON: an ARN, a service or provider, or `anonymous`.
    public var principalText: String { request.principal.text }
}

/// The answer of one check.
public struct AccessVerdict: Sendable {
    /// New access, granted access or public access: found (with a witness) or not ruled out.
    public var found: Bool
    /// True when the answer is proved: a witness the evaluator confirms, or an exhaustive
    /// comparison that found none. False means "possibly": the analysis could not decide.
    public var exact: Bool
    public var witness: AccessWitness?
    /// Why the answer is not exact.
    public var notes: [String]
}

/// Offline counterparts of IAM Access Analyzer's CheckNoNewAccess, CheckAccessNotGranted and
/// CheckNoPublicAccess. Each compares policies as languages of requests (see `RequestSpace`
/// and `AccessSearch`), reports a witness only after the evaluator confirms it, and never
/// answers "no" without having searched every kind of request.
public enum AccessAnalysis {
    /// Does `new` allow any request that `old` does not?
    public static func newAccess(from old: CompiledPolicy, to new: CompiledPolicy, policyType: PolicyType) throws(AnalysisError)
        -> AccessVerdict
    {
        try requireValid(old)
        try requireValid(new)
        let harness = Harness(policyType: policyType)
        let granted = analyse(
            AccessQuestion(new: new.statements, old: old.statements), harness: harness, scope: harness.scope,
            confirm: { request in
                harness.allows(new, request) && !harness.allows(old, request)
            }, grantedBy: { harness.grants(new, $0) })
        guard harness.isResourceBased, !(granted.found && granted.exact) else { return granted }
        // In the resource's own account the caller's identity policies can allow by themselves, and
        // the resource policy then only denies: a Deny removed or narrowed is new access there.
        let sameAccount = Harness(policyType: policyType, sameAccount: true)
        let base = Harness.identityDecides.statements
        let denied = analyse(
            AccessQuestion(new: new.statements.filter { $0.effect == .deny } + base, old: old.statements.filter { $0.effect == .deny } + base),
            harness: sameAccount, scope: .accountMembers,
            confirm: { request in
                sameAccount.allows(new, request) && !sameAccount.allows(old, request)
            }, grantedBy: { sameAccount.grants(Harness.allowAll, $0) })
        if denied.found, denied.exact { return denied }
        let notes = granted.notes + denied.notes.filter { !granted.notes.contains($0) }
        return AccessVerdict(found: !notes.isEmpty, exact: notes.isEmpty, witness: nil, notes: notes)
    }

    /// Is any request for one of `actions` (on one of `resources`, or any resource) allowed?
    /// Actions and resources may use `*` and `?`.
    public static func accessGranted(by policy: CompiledPolicy, policyType: PolicyType, actions: [String], resources: [String])
        throws(AnalysisError) -> AccessVerdict
    {
        try requireValid(policy)
        let harness = Harness(policyType: policyType)
        let scope = Scope(actions: actions, resources: resources.isEmpty ? ["*"] : resources, principal: policyType.requiresPrincipal)
        return analyse(
            AccessQuestion(new: policy.statements + scope.policy.statements, old: []), harness: harness, scope: harness.scope,
            confirm: { request in scope.contains(request) && harness.allows(policy, request) },
            grantedBy: { harness.grants(policy, $0) })
    }

    /// Can the resource policy allow anyone outside the account: an anonymous caller, or a
    /// principal of an account the policy does not name, whose request carries none of the
    /// organizations, accounts, endpoints, networks or source ARNs the conditions name?
    public static func publicAccess(by policy: CompiledPolicy, resourceType: PublicResourceType) throws(AnalysisError)
        -> AccessVerdict
    {
        try requireValid(policy)
        let harness = Harness(policyType: resourceType.policyType)
        let scope = Scope(actions: resourceType.servicePrefixes.map { "\($0):*" }, resources: ["*"], principal: true)
        var restricted = PrincipalConditions.restrictingKeys.subtracting(RequestSpace.principalKeys)
        for statement in policy.statements {
            for condition in statement.conditions where condition.key.split(separator: ":").first?.contains(".") == true {
                restricted.insert(condition.key)  // an identity provider's aud, sub, amr…
            }
        }
        return analyse(
            AccessQuestion(new: policy.statements + scope.policy.statements, old: []), harness: harness, scope: .outsiders,
            restrictedKeys: restricted,
            confirm: { request in scope.contains(request) && harness.allows(policy, request) },
            grantedBy: { harness.grants(policy, $0) })
    }

    static func requireValid(_ policy: CompiledPolicy) throws(AnalysisError) {
        guard let error = policy.errors.first else { return }
        let location = error.span.map { "\(policy.source.name):\(policy.source.position(of: $0.start))" } ?? policy.source.name
        throw AnalysisError(error.message, location: location)
    }

    /// How many candidate answers the evaluator may reject before the analysis gives up on a
    /// proof: each rejection means the analysis and the evaluator disagree on a request.
    static let rejectionLimit = 20

    static func analyse(
        _ question: AccessQuestion, harness: Harness, scope: PrincipalScope, restrictedKeys: Set<String> = [],
        confirm: (AuthorizationRequest) -> Bool, grantedBy: (AuthorizationRequest) -> [MatchedStatement]
    ) -> AccessVerdict {
        let space = RequestSpace(
            statements: question.statements, checksPrincipal: harness.policyType.requiresPrincipal, principals: scope,
            restrictedKeys: restrictedKeys)
        var witness: AuthorizationRequest?
        var rejected = 0
        _ = AccessSearch.run(space, question) { choice in
            var request = harness.request(space, choice)
            if !confirm(request), let settled = settleVariables(request, space, choice, harness) { request = settled }
            if confirm(request) {
                let allows = question.newAllows.indices.map { question.statements[$0] }
                witness = polish(request, confirm: confirm) { action in
                    let bytes = Array(action.lowercased().utf8)
                    return allows.contains { StatementMatcher.actionMatches($0, bytes) }
                }
                return true
            }
            rejected += 1
            return rejected >= rejectionLimit
        }
        if let witness {
            var names: [String: String] = [:]
            for dimension in space.dimensions {
                if case .key(let key) = dimension.kind { names[key] = dimension.name }
                if let condition = dimension.condition { names[condition.key] = condition.keyAsWritten }
            }
            for key in witness.context.keys where names[key] == nil {
                // Keys set for policy variables: as the first variable that names them writes them.
                for dimension in space.dimensions {
                    for case .template(let parts)? in [dimension.condition?.values.first] {
                        for case .variable(let written, _) in parts where written.lowercased() == key { names[key] = written }
                    }
                }
            }
            let proof = AccessWitness(request: witness, grantedBy: grantedBy(witness), keyNames: names)
            return AccessVerdict(found: true, exact: true, witness: proof, notes: [])
        }
        var notes = space.inexactReasons
        if rejected > 0 {
            notes.append("\(rejected) candidate request\(rejected == 1 ? " was" : "s were") not confirmed by the evaluator")
        }
        return AccessVerdict(found: !notes.isEmpty, exact: notes.isEmpty, witness: nil, notes: notes)
    }

    /// A candidate whose clauses with policy variables were chosen true or false as opaque facts
    /// has a context that may not make them so: give each clause's key the value its variables
    /// resolve to (or another one), so the evaluator can confirm it.
    static func settleVariables(_ request: AuthorizationRequest, _ space: RequestSpace, _ choice: [Int], _ harness: Harness)
        -> AuthorizationRequest?
    {
        var settled = request
        var changed = false
        // A wildcard clause on a key derived from the caller: a caller of the candidates that meets it (or not).
        let callers = space.dimensions.first { $0.kind == .principal }?.candidates.compactMap { candidate -> RequestPrincipal? in
            if case .principal(let principal) = candidate.value { return principal } else { return nil }
        } ?? []
        for (dimension, index) in zip(space.dimensions, choice) {
            guard let condition = dimension.condition, !condition.hasVariables, case .truth(let truth) = dimension.candidates[index].value
            else { continue }
            func meets(_ principal: RequestPrincipal) -> Bool {
                let value = principal.derivedValue(lowercasedKey: condition.key).map(RequestContext.Value.single)
                let context = EvaluationContext(given: RequestContext(), principal: principal)
                return (try? ConditionEvaluator.evaluate(condition, value: value, context: context).get()) == truth
            }
            if !meets(settled.principal), let caller = callers.first(where: meets) {
                settled.principal = caller
                harness.place(&settled)
                changed = true
            }
        }
        func supplyVariables(_ parts: [PolicyVariables.Part]) {
            for case .variable(let key, nil) in parts where settled.context[key] == nil
                && settled.principal.derivedValue(lowercasedKey: key.lowercased()) == nil
            {
                settled.context[key] = .single("witness")
            }
        }
        for (dimension, index) in zip(space.dimensions, choice) {
            // A Resource entry with variables chosen to match: the resource is that entry, resolved.
            if case .clause(let identity) = dimension.kind, case .truth(true) = dimension.candidates[index].value,
                identity.hasPrefix("Resource\u{0}"), let parts = PolicyVariables.parse(String(identity.dropFirst("Resource\u{0}".count)))
            {
                supplyVariables(parts)
                let context = EvaluationContext(given: settled.context, principal: settled.principal)
                if let resolved = ConditionEvaluator.resolve(parts, context: context, forPattern: false) {
                    settled.resource = resolved.text.replacingWildcards(with: "x")
                    changed = true
                }
                continue
            }
            guard let condition = dimension.condition, case .truth(let truth) = dimension.candidates[index].value,
                condition.op.family == .string || condition.op.family == .arn,
                case .template(let parts)? = condition.values.first
            else { continue }
            // A positive operator is already false for an absent key.
            if !truth, !condition.op.isNegated, !condition.op.ifExists, settled.context[condition.keyAsWritten] == nil { continue }
            supplyVariables(parts)
            let context = EvaluationContext(given: settled.context, principal: settled.principal)
            guard let resolved = ConditionEvaluator.resolve(parts, context: context, forPattern: false) else { continue }
            let matching = resolved.text.replacingWildcards(with: "")
            settled.context[condition.keyAsWritten] = .single(truth != condition.op.isNegated ? matching : matching + "-other")
            changed = true
        }
        return changed ? settled : nil
    }

    /// Prefers a real action to the invented name the languages produced (`s3:x`), when one
    /// proves the same thing.
    static func polish(
        _ request: AuthorizationRequest, confirm: (AuthorizationRequest) -> Bool, plausible: (String) -> Bool
    ) -> AuthorizationRequest {
        let catalog = ServiceCatalog.shared
        if let known = catalog.action(request.action) {
            var candidate = request
            candidate.action = known.fullName
            return confirm(candidate) ? candidate : request
        }
        let service = request.action.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        var tried = 0
        for prefix in [service, "s3", "ec2", "iam"] {
            guard let found = catalog.service(prefix) else { continue }
            for action in found.actions where !action.isDeprecated && plausible(action.fullName) {
                tried += 1
                if tried > 100 { return request }
                var candidate = request
                candidate.action = action.fullName
                if confirm(candidate) { return candidate }
            }
        }
        return request
    }
}

/// The region of requests a check is limited to, as Deny statements added to the policy
/// under test: every action but these, every resource but these.
struct Scope {
    let actions: [GlobPattern]
    let resources: [ResourcePattern]
    let policy: CompiledPolicy

    init(actions: [String], resources: [String], principal: Bool) {
        self.actions = actions.map { GlobPattern($0, caseInsensitive: true) }
        self.resources = resources.map { ResourcePattern($0) }
        func list(_ values: [String]) -> String {
            var writer = JSONWriter()
            writer.array(values) { $0.string($1) }
            return writer.output
        }
        let who = principal ? #""Principal": "*", "# : ""
        let text = """
            {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", \(who)"NotAction": \(list(actions)), "Resource": "*"},
            {"Effect": "Deny", \(who)"Action": "*", "NotResource": \(list(resources))}]}
            """
        policy = CompiledPolicy(source: SourceText(name: "scope", text: text), id: "scope", policyType: principal ? .resource : .identity)
    }

    func contains(_ request: AuthorizationRequest) -> Bool {
        let prepared = PreparedResource(request.resource)
        return actions.contains { $0.matches(request.action.lowercased()) } && resources.contains { $0.matches(prepared) }
    }
}

/// How a policy of each type is put before the evaluator so that it alone decides: the other
/// layers allow everything (an identity policy allowing `*`), a resource policy that only
/// delegates to the caller's account (so KMS keys and role trust do not refuse on their own),
/// and for resource-based policies a caller from another account, which the policy must name.
struct Harness {
    let policyType: PolicyType
    /// For resource-based policies: the caller is in the resource's account (else in another).
    var sameAccount = false

    /// What a same-account caller may do when the resource policy only denies: everything,
    /// except the KMS and role-assumption actions that need the resource policy's own Allow.
    static let identityDecides = CompiledPolicy(
        source: SourceText(name: "identity-decides", text: """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": ["kms:*", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"], "Resource": "*"}]}
            """), id: "identity-decides", policyType: .resource)

    static let allowAll = CompiledPolicy(
        source: SourceText(name: "allow-all", text: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#),
        id: "allow-all", policyType: .identity)
    static let ownerAccount = "999933334444"

    var isResourceBased: Bool { policyType == .resource || policyType == .trust }

    var scope: PrincipalScope {
        switch policyType {
        case .resource, .trust: return .anyone
        case .session: return .sessions
        case .identity, .boundary, .scp, .rcp: return .iamIdentities
        }
    }

    func delegate(to account: String) -> CompiledPolicy {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\#(account):root"}, "Action": "*", "Resource": "*"}]}"#
        return CompiledPolicy(source: SourceText(name: "delegate", text: text), id: "delegate", policyType: .resource)
    }

    func request(_ space: RequestSpace, _ choice: [Int]) -> AuthorizationRequest {
        var action = ""
        var resource = "*"
        var principal = RequestPrincipal.anonymous
        var context = RequestContext()
        for (dimension, index) in zip(space.dimensions, choice) {
            switch (dimension.kind, dimension.candidates[index].value) {
            case (.action, .text(let text)): action = text
            case (.resource, .text(let text)): resource = text
            case (.principal, .principal(let chosen)): principal = chosen
            case (.key(let key), .context(let value?)): context[key] = value
            default: break
            }
        }
        var request = AuthorizationRequest(principal: principal, action: action, resource: resource, context: context)
        place(&request)
        return request
    }

    /// Puts the resource in the caller's account, or for resource-based policies (unless
    /// `sameAccount`) in another one.
    func place(_ request: inout AuthorizationRequest) {
        let principal = request.principal
        request.resourceAccount = nil
        if isResourceBased, sameAccount {
            request.resourceAccount = principal.account
        } else if isResourceBased {
            // From another account, so that only the resource policy can let the caller in.
            if principal.isIAMIdentity {
                request.resourceAccount = principal.account == Self.ownerAccount ? "999933334445" : Self.ownerAccount
            }
        } else {
            request.resourceAccount = principal.account
        }
    }

    func policies(_ policy: CompiledPolicy, _ request: AuthorizationRequest) -> PolicySet {
        let delegation = [request.principal.account].compactMap { $0 }.map(delegate(to:)).first
        switch policyType {
        case .identity: return PolicySet(identityPolicies: [policy], resourcePolicy: delegation)
        case .boundary: return PolicySet(identityPolicies: [Self.allowAll], resourcePolicy: delegation, permissionsBoundaries: [policy])
        case .session: return PolicySet(identityPolicies: [Self.allowAll], resourcePolicy: delegation, sessionPolicies: [policy])
        case .scp: return PolicySet(identityPolicies: [Self.allowAll], resourcePolicy: delegation, serviceControlPolicies: [[policy]])
        case .rcp: return PolicySet(identityPolicies: [Self.allowAll], resourcePolicy: delegation, resourceControlPolicies: [[policy]])
        case .resource, .trust:
            // The caller's own policies (and a session's) allow everything: the resource policy decides.
            return PolicySet(identityPolicies: request.principal.isIAMIdentity ? [Self.allowAll] : [], resourcePolicy: policy,
                sessionPolicies: request.principal.isSession ? [Self.allowAll] : [])
        }
    }

    func evaluate(_ policy: CompiledPolicy, _ request: AuthorizationRequest) -> EvaluationResult {
        Evaluator.evaluate(request, policies: policies(policy, request))
    }

    func allows(_ policy: CompiledPolicy, _ request: AuthorizationRequest) -> Bool {
        evaluate(policy, request).decision == .allowed
    }

    /// The statements of `policy` that allow the request.
    func grants(_ policy: CompiledPolicy, _ request: AuthorizationRequest) -> [MatchedStatement] {
        var result = evaluate(policy, request)
        if [.boundary, .session, .scp, .rcp].contains(policyType) {
            // The evaluator names the allows that counted, which are the identity policy's here:
            // the policy's own allows are those it names when it is the identity policy.
            result = Harness(policyType: .identity).evaluate(policy, request)
        }
        return result.matchedStatements.filter { $0.policyId == policy.id && $0.effect == .allow }
    }
}

extension RequestPrincipal {
    /// The principal as `RequestPrincipal(_:)` reads it back.
    public var text: String {
        switch self {
        case .service(let name): return name
        case .federatedProvider(let name): return name
        case .anonymous: return "anonymous"
        case .roleSession(let account, let role, let path?, nil): return "arn:aws:iam::\(account):role\(path)\(role)"
        default: return arn ?? "anonymous"
        }
    }
}

/// The resource types of Access Analyzer's CheckNoPublicAccess, with the policy type their
/// policies are and the services whose actions can reach them.
public struct PublicResourceType: Sendable, Equatable {
    public let name: String
    public let servicePrefixes: [String]

    public var policyType: PolicyType { name == "AWS::IAM::AssumeRolePolicyDocument" ? .trust : .resource }

    public init?(_ name: String) {
        guard let prefixes = Self.table[name] else { return nil }
        self.name = name
        self.servicePrefixes = prefixes
    }

    /// The `resourceType` values of CheckNoPublicAccess (IAM Access Analyzer API Reference).
    static let table: [String: [String]] = [
        "AWS::DynamoDB::Table": ["dynamodb"], "AWS::DynamoDB::Stream": ["dynamodb"],
        "AWS::EFS::FileSystem": ["elasticfilesystem"], "AWS::OpenSearchService::Domain": ["es"],
        "AWS::Kinesis::Stream": ["kinesis"], "AWS::Kinesis::StreamConsumer": ["kinesis"], "AWS::KMS::Key": ["kms"],
        "AWS::Lambda::Function": ["lambda"], "AWS::S3::Bucket": ["s3"], "AWS::S3::AccessPoint": ["s3"],
        "AWS::S3Express::DirectoryBucket": ["s3express"], "AWS::S3Express::AccessPoint": ["s3express"],
        "AWS::S3::Glacier": ["glacier"], "AWS::S3Outposts::Bucket": ["s3-outposts"],
        "AWS::S3Outposts::AccessPoint": ["s3-outposts"], "AWS::SecretsManager::Secret": ["secretsmanager"],
        "AWS::SNS::Topic": ["sns"], "AWS::SQS::Queue": ["sqs"], "AWS::IAM::AssumeRolePolicyDocument": ["sts"],
        "AWS::S3Tables::TableBucket": ["s3tables"], "AWS::S3Tables::Table": ["s3tables"],
        "AWS::ApiGateway::RestApi": ["execute-api"], "AWS::CodeArtifact::Domain": ["codeartifact"],
        "AWS::Backup::BackupVault": ["backup"], "AWS::CloudTrail::Dashboard": ["cloudtrail"],
        "AWS::CloudTrail::EventDataStore": ["cloudtrail"],
    ]

    public static var names: [String] { table.keys.sorted() }
}

/// Inclusion between the statements of one policy (effects aside): does every request one
/// statement applies to, another apply to as well? One set of candidate requests serves every
/// pair, each pair searched on the candidates as they bear on its two statements alone.
final class StatementInclusion {
    private let statements: [CompiledStatement]
    /// The statements split as `AccessQuestion.split` splits them, and whose piece each is.
    private let pieces: [CompiledStatement]
    private let owners: [Int]
    private let space: RequestSpace

    init(_ statements: [CompiledStatement], checksPrincipal: Bool) {
        self.statements = statements
        var pieces: [CompiledStatement] = []
        var owners: [Int] = []
        for (index, statement) in statements.enumerated() {
            let split = AccessQuestion.split(statement)
            pieces += split
            owners += Array(repeating: index, count: split.count)
        }
        self.pieces = pieces
        self.owners = owners
        space = RequestSpace(statements: pieces, checksPrincipal: checksPrincipal, principals: .anyone)
    }

    /// nil when it cannot be decided exactly (a statement the evaluator cannot read, a condition
    /// past what the candidates cover).
    func covers(_ outer: Int, _ inner: Int) -> Bool? {
        guard space.inexactReasons.isEmpty, statements[outer].error == nil, statements[inner].error == nil else { return nil }
        let relevant = owners.indices.filter { owners[$0] == inner || owners[$0] == outer }
        let count = relevant.count
        var innerSet = StatementSet(count: count)
        var outerSet = StatementSet(count: count)
        for (local, piece) in relevant.enumerated() {
            if owners[piece] == inner { innerSet.insert(local) } else { outerSet.insert(local) }
        }
        // Each dimension's candidates as they bear on these pieces, one per distinct outcome.
        var dimensions: [Dimension] = []
        for dimension in space.dimensions {
            var seen = Set<StatementSet>()
            var candidates: [Dimension.Candidate] = []
            for candidate in dimension.candidates {
                var local = StatementSet(count: count)
                for (position, piece) in relevant.enumerated() where candidate.matches.contains(piece) { local.insert(position) }
                if seen.insert(local).inserted { candidates.append(Dimension.Candidate(value: candidate.value, matches: local)) }
            }
            dimensions.append(Dimension(kind: dimension.kind, candidates: candidates))
        }
        let question = AccessQuestion(count: count, newAllows: innerSet, oldAllows: outerSet)
        return !AccessSearch.run(RequestSpace(dimensions: dimensions, freshAccount: space.freshAccount), question) { _ in true }
    }
}
