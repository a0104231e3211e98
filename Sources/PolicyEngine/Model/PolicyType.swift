/// The kind of policy a document is; it decides which elements are required or forbidden.
public enum PolicyType: String, Sendable, CaseIterable {
    /// Attached to a user, group or role (inline or managed).
    case identity
    /// Attached to a resource: S3 bucket, SQS queue, KMS key and so on.
    case resource
    /// A role's trust policy (AssumeRolePolicyDocument).
    case trust
    /// A permissions boundary.
    case boundary
    /// An AWS Organizations service control policy.
    case scp
    /// An AWS Organizations resource control policy.
    case rcp
    /// A session policy passed to AssumeRole or GetFederationToken.
    case session

    /// Access Analyzer's `policyType` for ValidatePolicy.
    public var accessAnalyzerName: String {
        switch self {
        case .identity, .boundary, .session: return "IDENTITY_POLICY"
        case .resource, .trust: return "RESOURCE_POLICY"
        case .scp: return "SERVICE_CONTROL_POLICY"
        case .rcp: return "RESOURCE_CONTROL_POLICY"
        }
    }

    /// Policy types whose statements name a principal.
    public var requiresPrincipal: Bool { self == .resource || self == .trust || self == .rcp }

    /// Policy types stored by IAM itself, whose Sids IAM restricts to letters and digits.
    var restrictsSidCharacters: Bool {
        switch self {
        case .identity, .boundary, .session, .trust: return true
        case .resource, .scp, .rcp: return false
        }
    }
}

extension PolicyType {
    /// The actions of a role trust policy: every statement that allows only these is about
    /// assuming the role.
    static let trustActions: Set<String> = [
        "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
        "sts:setsourceidentity", "sts:setcontext", "sts:*",
    ]

    /// The type of a policy attached to a resource: a role trust policy when it is shaped like
    /// one, otherwise resource-based (whose missing Principal is then reported).
    public static func inferResourcePolicy(from document: JSONValue) -> PolicyType {
        infer(from: document) == .trust ? .trust : .resource
    }

    /// Guesses the type of a document that was not labelled: statements with a principal make
    /// it a resource policy, or a trust policy when they have no Resource and only assume-role
    /// actions; anything else is an identity policy.
    public static func infer(from document: JSONValue) -> PolicyType {
        // Keys are compared as bytes on the tape: every file without a type comes through here
        // before it is decoded.
        var statementValue: JSONValue?
        document.forEachMember { key, value in
            if ServicePrefix.equal(key, "Statement") { statementValue = value }
            return true
        }
        guard let statementValue else { return .identity }
        let statements = statementValue.arrayValue ?? [statementValue]
        var sawPrincipal = false
        var allTrustShaped = true
        for statement in statements {
            var actionValue: JSONValue?
            statement.forEachMember { key, value in
                if ServicePrefix.equal(key, "Principal") || ServicePrefix.equal(key, "NotPrincipal") {
                    sawPrincipal = true
                } else if ServicePrefix.equal(key, "Resource") || ServicePrefix.equal(key, "NotResource") {
                    allTrustShaped = false
                } else if ServicePrefix.equal(key, "Action") {
                    actionValue = value
                }
                return true
            }
            // Once one statement is not trust-shaped the policy is not: skip reading actions.
            guard allTrustShaped, statement.isObject else { continue }
            let actions = (actionValue?.arrayValue ?? actionValue.map { [$0] } ?? []).compactMap(\.stringValue)
            if actions.isEmpty || !actions.allSatisfy({ trustActions.contains($0.lowercased()) }) {
                allTrustShaped = false
            }
        }
        guard sawPrincipal else { return .identity }
        return allTrustShaped ? .trust : .resource
    }
}
