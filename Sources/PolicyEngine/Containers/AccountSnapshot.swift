/// An account's IAM configuration as `aws iam get-account-authorization-details` returns it:
/// users, groups and roles with their inline policies, attached managed policies and
/// boundaries, and the managed policies' documents. Documents may be JSON objects (AWS CLI
/// output), JSON text, or URL-encoded JSON text (the raw API).
public struct AccountSnapshot: Sendable {
    public enum EntityKind: String, Sendable {
        case user, group, role
    }

    public struct Entity: Sendable {
        public var kind: EntityKind
        public var name: String
        public var arn: String
        public var inlinePolicies: [EmbeddedPolicy]
        public var attachedPolicyArns: [String]
        /// For users: the names of their groups.
        public var groupNames: [String]
        public var permissionsBoundaryArn: String?
        /// For roles.
        public var trustPolicy: EmbeddedPolicy?
    }

    public struct ManagedPolicy: Sendable {
        public var arn: String
        /// The default version's document, the one IAM applies.
        public var document: EmbeddedPolicy?
        public var isAWSManaged: Bool { arn.hasPrefix("arn:aws:iam::aws:") || arn.contains(":iam::aws:policy/") }
    }

    public let source: SourceText
    public private(set) var users: [Entity] = []
    public private(set) var groups: [Entity] = []
    public private(set) var roles: [Entity] = []
    public private(set) var managedPolicies: [String: ManagedPolicy] = [:]
    /// Managed policies in file order (dictionaries have none).
    public private(set) var managedPolicyArns: [String] = []
    /// Documents that could not be read.
    public private(set) var findings: [Finding] = []

    public init(source: SourceText, json: JSONValue) {
        self.source = source
        users = entities(json["UserDetailList"], kind: .user, nameKey: "UserName", policyListKey: "UserPolicyList")
        groups = entities(json["GroupDetailList"], kind: .group, nameKey: "GroupName", policyListKey: "GroupPolicyList")
        roles = entities(json["RoleDetailList"], kind: .role, nameKey: "RoleName", policyListKey: "RolePolicyList")
        for policy in json["Policies"]?.arrayValue ?? [] {
            guard let arn = policy["Arn"]?.stringValue else { continue }
            let defaultId = policy["DefaultVersionId"]?.stringValue
            let versions = policy["PolicyVersionList"]?.arrayValue ?? []
            let chosen = versions.first { version in
                if case .bool(true)? = version["IsDefaultVersion"]?.kind { return true }
                return defaultId != nil && version["VersionId"]?.stringValue == defaultId
            }
            var document: EmbeddedPolicy?
            if let value = chosen?["Document"] {
                let owner = Self.shortName(arn)
                let property = chosen?["VersionId"]?.stringValue.map { "default version \($0)" } ?? "default version"
                document = embedded(value, owner: owner, property: property, type: .identity)
                document?.identityStorage = .managed
            }
            if managedPolicies[arn] == nil { managedPolicyArns.append(arn) }
            managedPolicies[arn] = ManagedPolicy(arn: arn, document: document)
        }
    }

    /// Reads a snapshot file; the error says what the file is instead, with its position.
    public static func load(_ source: SourceText) -> Result<AccountSnapshot, SnapshotLoadError> {
        let json: JSONValue
        do {
            json = try JSONParser.parse(source.bytes)
        } catch {
            return .failure(SnapshotLoadError(message: "\(source.name):\(source.position(of: error.offset)): \(error.message)"))
        }
        let shape = PolicyFile.shape(of: json)
        guard shape == .accountSnapshot else {
            return .failure(SnapshotLoadError(message:
                "\(source.name): expected an account snapshot (aws iam get-account-authorization-details output), found a \(shape.rawValue)"))
        }
        return .success(AccountSnapshot(source: source, json: json))
    }

    /// `role/app-web`, `policy/app/app-s3-read`: the part of an IAM ARN after the account.
    static func shortName(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }

    private mutating func entities(_ list: JSONValue?, kind: EntityKind, nameKey: String, policyListKey: String) -> [Entity] {
        var entities: [Entity] = []
        // The AWS CLI's own example shows some lists as a single object; accept both.
        let elements = list?.arrayValue ?? (list?.isObject == true ? [list!] : [])
        for element in elements {
            guard let name = element[nameKey]?.stringValue else { continue }
            let arn = element["Arn"]?.stringValue ?? "arn:aws:iam::\(IntrinsicResolver.placeholderAccount):\(kind.rawValue)/\(name)"
            let owner = Self.shortName(arn)
            var inline: [EmbeddedPolicy] = []
            for policy in element[policyListKey]?.arrayValue ?? [] {
                guard let document = policy["PolicyDocument"] else { continue }
                let policyName = policy["PolicyName"]?.stringValue ?? "?"
                if var embedded = embedded(document, owner: owner, property: "inline policy '\(policyName)'", type: .identity) {
                    embedded.identityStorage = kind == .user ? .userInline : kind == .group ? .groupInline : .roleInline
                    inline.append(embedded)
                }
            }
            let attachedList = element["AttachedManagedPolicies"]
            let attached = (attachedList?.arrayValue ?? (attachedList?.isObject == true ? [attachedList!] : []))
                .compactMap { $0["PolicyArn"]?.stringValue }
            var trust: EmbeddedPolicy?
            if kind == .role, let document = element["AssumeRolePolicyDocument"] {
                trust = embedded(document, owner: owner, property: "trust policy", type: .trust)
            }
            entities.append(Entity(
                kind: kind, name: name, arn: arn, inlinePolicies: inline, attachedPolicyArns: attached,
                groupNames: (element["GroupList"]?.arrayValue ?? []).compactMap(\.stringValue),
                permissionsBoundaryArn: element["PermissionsBoundary"]?["PermissionsBoundaryArn"]?.stringValue,
                trustPolicy: trust))
        }
        return entities
    }

    private mutating func embedded(_ value: JSONValue, owner: String, property: String, type: PolicyType) -> EmbeddedPolicy? {
        switch PolicyValue.extract(value, holder: "\(owner) \(property)") {
        case .invalid(let finding):
            findings.append(finding)
            return nil
        case .content(let content):
            return EmbeddedPolicy(owner: owner, property: property, policyType: type, content: content)
        }
    }

    /// Every policy to lint: inline and trust policies, and the default versions of the
    /// customer managed policies. AWS managed policies are left out: no one in the account
    /// can change them (docs/precision.md covers all of them).
    static func policies(in json: JSONValue) -> (policies: [EmbeddedPolicy], findings: [Finding]) {
        let snapshot = AccountSnapshot(source: SourceText(name: "", bytes: []), json: json)
        var policies: [EmbeddedPolicy] = []
        for entity in snapshot.users + snapshot.groups + snapshot.roles {
            if let trust = entity.trustPolicy { policies.append(trust) }
            policies += entity.inlinePolicies
        }
        for arn in snapshot.managedPolicyArns {
            if let policy = snapshot.managedPolicies[arn], !policy.isAWSManaged, let document = policy.document {
                policies.append(document)
            }
        }
        return (policies, snapshot.findings)
    }
}

public struct SnapshotLoadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
