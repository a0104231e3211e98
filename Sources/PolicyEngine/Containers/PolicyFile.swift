/// One input file, recognised by its shape and opened up into the policies it holds: a bare
/// policy document, a CloudFormation template, a Terraform plan, or an account snapshot
/// (`aws iam get-account-authorization-details`).
public struct PolicyFile: Sendable {
    public enum Shape: String, Sendable {
        case policy
        case cloudFormation = "CloudFormation template"
        case terraformPlan = "Terraform plan"
        case accountSnapshot = "account snapshot"
        case unrecognized = "unrecognized file"
    }

    public struct Entry: Sendable {
        /// Nil for a bare policy document; otherwise who holds the policy in the file.
        public var origin: String?
        public var document: PolicyDocument
    }

    public let source: SourceText
    public let shape: Shape
    public let entries: [Entry]
    /// Findings about the file itself rather than one of its policies.
    public let findings: [Finding]

    /// `policyType` applies to bare policy documents; containers say what each policy is.
    /// `templateParameters` are CloudFormation parameter values (`--parameter NAME=VALUE`).
    public init(source: SourceText, policyType: PolicyType?, templateParameters: [String: String] = [:]) {
        self.source = source
        let json: JSONValue
        do {
            json = try JSONParser.parse(source.bytes)
        } catch {
            // Not JSON: reported as a policy that does not parse.
            shape = .policy
            entries = [Entry(origin: nil, document: PolicyDocument(source: source, policyType: policyType))]
            findings = []
            return
        }
        let detected = Self.shape(of: json)
        shape = detected
        switch detected {
        case .policy:
            let type = policyType ?? PolicyType.infer(from: json)
            entries = [Entry(origin: nil, document: PolicyDocument(source: source, json: json, policyType: type))]
            findings = []
        case .unrecognized:
            entries = []
            findings = [Self.unrecognized(json)]
        case .cloudFormation, .terraformPlan, .accountSnapshot:
            let extracted: (policies: [EmbeddedPolicy], findings: [Finding])
            switch detected {
            case .cloudFormation: extracted = CloudFormationTemplate.policies(in: json, parameterValues: templateParameters)
            case .terraformPlan: extracted = TerraformPlan.policies(in: json)
            default: extracted = AccountSnapshot.policies(in: json)
            }
            entries = extracted.policies.map { Entry(origin: $0.origin, document: $0.document(in: source)) }
            findings = extracted.findings
        }
    }

    static let policyKeys: Set<String> = ["Version", "Statement", "Id"]

    /// The shape of a parsed file, from the keys at its top.
    public static func shape(of json: JSONValue) -> Shape {
        guard let members = json.objectValue else { return .unrecognized }
        let keys = Set(members.map(\.key))
        if !keys.isDisjoint(with: policyKeys) { return .policy }
        if keys.contains("AWSTemplateFormatVersion") || CloudFormationTemplate.looksLikeTemplate(json) { return .cloudFormation }
        if keys.contains("format_version"),
           !keys.isDisjoint(with: ["planned_values", "resource_changes", "prior_state", "terraform_version"]) {
            return .terraformPlan
        }
        if !keys.isDisjoint(with: ["UserDetailList", "GroupDetailList", "RoleDetailList"]) { return .accountSnapshot }
        if let policies = json["Policies"]?.arrayValue, policies.contains(where: { $0["PolicyVersionList"] != nil }) {
            return .accountSnapshot
        }
        // An empty object, a near miss of Statement, or nothing but near misses of policy
        // keys is a policy with mistakes: the policy grammar says what is wrong with it.
        // (A lone `version` among other keys is a package manifest, not a policy.)
        if members.isEmpty { return .policy }
        func isNearMiss(_ key: String, of policyKey: String) -> Bool {
            Suggestions.editDistance(key.lowercased(), policyKey.lowercased()) <= 2
        }
        if keys.contains(where: { isNearMiss($0, of: "Statement") }) { return .policy }
        let allNearMisses = keys.allSatisfy { key in policyKeys.contains { isNearMiss(key, of: $0) } }
        return allNearMisses ? .policy : .unrecognized
    }

    private static func unrecognized(_ json: JSONValue) -> Finding {
        let found: String
        if let members = json.objectValue {
            let keys = members.prefix(4).map { "`\($0.key)`" }.joined(separator: ", ")
            found = "an object with keys \(keys)\(members.count > 4 ? ", …" : "")"
        } else {
            found = json.typeDescription
        }
        return GrammarCheck.unrecognizedFile.finding(
            "expected a policy document, a CloudFormation template, a Terraform plan or an account snapshot, found \(found)",
            at: SourceSpan(start: json.span.start, end: json.span.start + 1),
            help: "policylint reads IAM policies (with Version and Statement), CloudFormation templates in JSON, "
                + "`terraform show -json` plans and `aws iam get-account-authorization-details` output; "
                + "leave other files out with --exclude")
    }
}
