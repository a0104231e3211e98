/// One request to decide: who, what, on which resource, in which context.
public struct AuthorizationRequest: Sendable {
    public var principal: RequestPrincipal {
        get { sharedPrincipal.value }
        set { sharedPrincipal = SharedPrincipal(newValue) }
    }
    /// The principal, boxed once: the evaluator's context holds it with one retain, where a
    /// copy of the enum retains each of its strings on every decision.
    private(set) var sharedPrincipal: SharedPrincipal
    /// Defaults to the account in the principal's ARN.
    public var principalAccount: String?
    public var action: String
    /// An ARN, or `*` for actions that take no resource.
    public var resource: String
    /// Defaults to the account in the resource ARN, or, for ARNs without one (S3), the
    /// principal's account.
    public var resourceAccount: String?
    public var context: RequestContext
    public var principalAccountIsManagementAccount: Bool

    public init(
        principal: RequestPrincipal, principalAccount: String? = nil, action: String, resource: String,
        resourceAccount: String? = nil, context: RequestContext = RequestContext(),
        principalAccountIsManagementAccount: Bool = false
    ) {
        self.sharedPrincipal = SharedPrincipal(principal)
        self.principalAccount = principalAccount
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
        self.principalAccountIsManagementAccount = principalAccountIsManagementAccount
    }

}

/// Every policy that can bear on a request, by kind.
public struct PolicySet: Sendable {
    public var identityPolicies: [CompiledPolicy]
    /// The resource-based policy: a bucket or key policy, or a role's trust policy for sts:AssumeRole*.
    public var resourcePolicy: CompiledPolicy?
    /// Each must allow (an entity has at most one; more are all applied).
    public var permissionsBoundaries: [CompiledPolicy]
    /// Passed when the session was created; together they cap the session.
    public var sessionPolicies: [CompiledPolicy]
    /// One array per organization level, root first; every level must allow.
    public var serviceControlPolicies: [[CompiledPolicy]]
    public var resourceControlPolicies: [[CompiledPolicy]]

    public init(
        identityPolicies: [CompiledPolicy] = [], resourcePolicy: CompiledPolicy? = nil,
        permissionsBoundaries: [CompiledPolicy] = [], sessionPolicies: [CompiledPolicy] = [],
        serviceControlPolicies: [[CompiledPolicy]] = [], resourceControlPolicies: [[CompiledPolicy]] = []
    ) {
        self.identityPolicies = identityPolicies
        self.resourcePolicy = resourcePolicy
        self.permissionsBoundaries = permissionsBoundaries
        self.sessionPolicies = sessionPolicies
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
    }
}

/// An immutable principal shared by reference (see `AuthorizationRequest.principal`).
final class SharedPrincipal: Sendable {
    let value: RequestPrincipal
    /// The principal's account as UTF-8, worked out once: each decision compares it with the
    /// resource's account.
    let accountUTF8: [UInt8]?

    init(_ value: RequestPrincipal) {
        self.value = value
        accountUTF8 = value.account.map { Array($0.utf8) }
    }
}
