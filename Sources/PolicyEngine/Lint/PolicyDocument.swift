/// One policy source taken through the stages that exist so far: JSON, then the model.
public struct PolicyDocument: Sendable {
    public let source: SourceText
    /// The parsed JSON, or nil when the text is not valid JSON.
    public let json: JSONValue?
    /// The type the document was checked as: the one asked for, or the inferred one.
    public let policyType: PolicyType
    public let policy: Policy?
    /// Parser and decoder findings, in source order.
    public private(set) var findings: [Finding]
    /// For an identity policy whose holder says how IAM stores it (a template's
    /// AWS::IAM::ManagedPolicy, a snapshot's user inline policy): the size quota that applies.
    /// Nil for a bare file, which does not say.
    public var identityStorage: IdentityPolicyStorage?

    /// Parses and decodes `source`. With no `policyType`, the type is inferred from the
    /// document (see `PolicyType.infer(from:)`).
    public init(source: SourceText, policyType: PolicyType? = nil) {
        self.source = source
        do {
            let json = try JSONParser.parse(source.bytes)
            let type = policyType ?? PolicyType.infer(from: json)
            let decoded = PolicyDecoder.decode(json, as: type)
            self.json = json
            self.policyType = type
            self.policy = decoded.policy
            self.findings = decoded.findings
        } catch {
            let end = min(error.offset + 1, source.bytes.count)
            let span = SourceSpan(start: error.offset, end: max(error.offset, end))
            self.json = nil
            self.policyType = policyType ?? .identity
            self.policy = nil
            self.findings = [GrammarCheck.jsonSyntax.finding(error.message, at: span)]
        }
    }

    /// Decodes a policy embedded in a larger JSON file (a scenario, a template): positions stay
    /// those of the enclosing file, and findings' paths are relative to the policy.
    public init(source: SourceText, json: JSONValue, policyType: PolicyType) {
        self.source = source
        self.json = json
        self.policyType = policyType
        let decoded = PolicyDecoder.decode(json, as: policyType)
        self.policy = decoded.policy
        self.findings = decoded.findings
    }

    /// The document without the findings of one check: for a policy whose holder supplies
    /// what the check asks for (an ECR repository policy applies to its repository, so it
    /// needs no Resource element).
    public func dropping(_ check: GrammarCheck) -> PolicyDocument {
        var copy = self
        copy.findings.removeAll { $0.ruleId == check.id }
        return copy
    }

    /// The findings with line and column resolved against the source.
    public var locatedFindings: [LocatedFinding] {
        findings.map { LocatedFinding($0, in: source) }
    }
}

/// How IAM stores an identity policy, which sets its size quota ("IAM and AWS STS quotas").
public enum IdentityPolicyStorage: Sendable {
    case managed
    case userInline
    case groupInline
    case roleInline
}
