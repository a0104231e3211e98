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

/// A statement that decided the result, located in its source.
public struct MatchedStatement: Sendable, Equatable {
    public var policyId: String
    public var layer: PolicyLayer
    public var statementIndex: Int
    public var sid: String?
    public var effect: Effect
    public var start: SourcePosition
    public var end: SourcePosition
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
    /// Why, in one sentence, lower case.
    public var reason: String
    public var isCrossAccount: Bool
}
