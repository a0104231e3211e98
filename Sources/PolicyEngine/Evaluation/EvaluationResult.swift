/// AWS's simulator vocabulary for a decision.
public enum Decision: String, Sendable, CaseIterable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// The kinds of policy, as the simulator names them in `SourcePolicyType` (plus the
/// organization layers, which it reports separately).
public enum PolicyLayer: String, Sendable {
    case identity
    case resource
    case permissionsBoundary = "permissions-boundary"
    case session
    case serviceControlPolicy = "scp"
    case resourceControlPolicy = "rcp"
}

/// A statement that decided the result, located in its source. Line and column are worked
/// out only when asked for, so deciding stays cheap.
public struct MatchedStatement: Sendable {
    public var policyId: String
    public var layer: PolicyLayer
    public var statementIndex: Int
    public var sid: String?
    public var effect: Effect
    public var span: SourceSpan
    public let source: SourceText

    public var start: SourcePosition { source.position(of: span.start) }
    public var end: SourcePosition { source.position(of: span.end) }
}

/// Each layer's own answer: true when it allows, false when it does not, nil when the layer
/// does not apply to this request (no boundary attached, the management account's SCPs…).
public struct LayerVerdicts: Sendable, Equatable {
    public var organizations: Bool?
    public var resourceControlPolicies: Bool?
    public var resourcePolicy: Bool?
    public var identityPolicies: Bool?
    public var permissionsBoundary: Bool?
    public var sessionPolicies: Bool?
}

/// A decision with its reasons: the statements that decided it, each layer's verdict, the
/// context keys conditions asked for that the request lacked, and anything that could not
/// be evaluated. A result with errors is never `allowed`.
public struct EvaluationResult: Sendable {
    public var decision: Decision
    public var matchedStatements: [MatchedStatement]
    public var layers: LayerVerdicts
    public var missingContextKeys: [String]
    public var errors: [EvaluationError]
    /// Why, as data; `reason` renders it.
    public var why: DecisionReason
    public var isCrossAccount: Bool

    /// Why, in one sentence, lower case.
    public var reason: String { why.description }
}

/// The rule that settled a decision.
public enum DecisionReason: Sendable, Equatable, CustomStringConvertible {
    case allowed
    case allowedByBothAccounts
    case deniedByStatement(sid: String?, index: Int, policyId: String)
    case undecidable(String)
    case resourceControlPolicyLevel(Int)
    case serviceControlPolicyLevel(Int)
    case keyPolicyDoesNotAllow
    case trustPolicyDoesNotAllow
    case noResourcePolicyAllowsPrincipal
    case crossAccountResourcePolicyDoesNotAllow
    case crossAccountWithoutResourcePolicy
    case crossAccountIdentityDoesNotAllow
    case boundaryDoesNotAllow
    case sessionPolicyDoesNotAllow
    case noPolicyAllows

    public var description: String {
        switch self {
        case .allowed: return "allowed"
        case .allowedByBothAccounts: return "allowed by both the caller's account and the resource's account"
        case .deniedByStatement(let sid, let index, let policyId):
            return "denied by statement \(sid.map { "`\($0)`" } ?? "#\(index)") of `\(policyId)`"
        case .undecidable(let message): return "could not be decided: \(message)"
        case .resourceControlPolicyLevel(let level):
            return "no resource control policy at organization level \(level) allows the request"
        case .serviceControlPolicyLevel(let level):
            return "no service control policy at organization level \(level) allows the request"
        case .keyPolicyDoesNotAllow:
            return "the key policy does not allow the request, and IAM policies cannot grant KMS access on their own"
        case .trustPolicyDoesNotAllow: return "the role's trust policy does not allow the request"
        case .noResourcePolicyAllowsPrincipal: return "no resource-based policy allows this principal"
        case .crossAccountResourcePolicyDoesNotAllow:
            return "cross-account request: the resource-based policy does not allow this principal"
        case .crossAccountWithoutResourcePolicy: return "cross-account request: there is no resource-based policy to allow it"
        case .crossAccountIdentityDoesNotAllow:
            return "cross-account request: no identity-based policy in the caller's account allows it"
        case .boundaryDoesNotAllow: return "the permissions boundary does not allow the request"
        case .sessionPolicyDoesNotAllow: return "the session policy does not allow the request"
        case .noPolicyAllows: return "no identity-based or resource-based policy allows the request"
        }
    }
}
