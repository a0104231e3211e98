/// One request to decide: who, what, on which resource, in which context.
public struct AuthorizationRequest: Sendable {
    public var principal: RequestPrincipal
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
        self.principal = principal
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

/// The request with what every statement needs worked out once: the action lower-cased, the
/// resource split, the principal's facts, the accounts. A class (and the conditions' context
/// itself), so the matchers share one copy instead of retaining every field at each call.
final class PreparedRequest: EvaluationContext {
    /// The action, ASCII letters lower-cased: most actions fit a small string, so this
    /// allocates nothing; action patterns borrow its bytes.
    let loweredAction: String
    let service: String
    let resource: PreparedResource
    let hasPermissionsBoundary: Bool
    let principalAccount: String?
    let resourceAccount: String?
    let isIAMIdentity: Bool
    let isRoot: Bool
    let isSession: Bool
    let isFederatedUser: Bool
    let isServiceLinkedRole: Bool
    let principalAccountIsManagementAccount: Bool

    var context: EvaluationContext { self }

    init(_ request: AuthorizationRequest, hasPermissionsBoundary: Bool) {
        var action = request.action
        var colon = -1
        let count = action.utf8.count
        // One pass over the action's UTF-8, written straight into the new string.
        let lowered = action.withUTF8 { utf8 in
            String(unsafeUninitializedCapacity: count) { buffer in
                for index in 0..<count {
                    let byte = utf8[index]
                    if byte == UInt8(ascii: ":"), colon < 0 { colon = index }
                    buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return count
            }
        }
        loweredAction = lowered
        service = colon < 0 ? lowered : String(lowered.utf8.prefix(colon))!
        resource = PreparedResource(request.resource)
        self.hasPermissionsBoundary = hasPermissionsBoundary
        let principal = request.principal
        let principalAccount = request.principalAccount ?? principal.account
        self.principalAccount = principalAccount
        resourceAccount = request.resourceAccount ?? resource.account ?? principalAccount
        isIAMIdentity = principal.isIAMIdentity
        isRoot = principal.isRoot
        isSession = principal.isSession
        isFederatedUser = principal.isFederatedUser
        isServiceLinkedRole = principal.isServiceLinkedRole
        principalAccountIsManagementAccount = request.principalAccountIsManagementAccount
        super.init(given: request.context, principal: principal)
    }
}
