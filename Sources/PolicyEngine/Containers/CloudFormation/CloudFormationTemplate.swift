/// The policies in a CloudFormation template (JSON): every policy-bearing property of the
/// resource types that hold IAM policies, with intrinsic functions resolved to placeholders
/// that keep each value's shape, and a statement made for each `AWS::Lambda::Permission`.
enum CloudFormationTemplate {
    /// Where a resource type keeps a policy: a property path (`*` for each element of a
    /// list) and the policy's type.
    struct PolicyProperty {
        var path: [String]
        var policyType: PolicyType
    }

    private static func property(_ path: String, _ type: PolicyType) -> PolicyProperty {
        PolicyProperty(path: path.split(separator: ".").map(String.init), policyType: type)
    }

    /// How IAM stores the identity policies of each type (AWS::IAM::Policy may attach to
    /// users, groups or roles, so it says nothing).
    static let identityStorage: [String: IdentityPolicyStorage] = [
        "AWS::IAM::ManagedPolicy": .managed, "AWS::IAM::Role": .roleInline, "AWS::IAM::RolePolicy": .roleInline,
        "AWS::IAM::User": .userInline, "AWS::IAM::UserPolicy": .userInline,
        "AWS::IAM::Group": .groupInline, "AWS::IAM::GroupPolicy": .groupInline,
    ]

    /// Repository policies apply to their repository and are written without Resource.
    static let impliedResourceTypes: Set<String> = ["AWS::ECR::Repository", "AWS::ECR::PublicRepository"]

    /// Resource types whose policy language is IAM's. (IoT policies, network-manager and
    /// OpenSearch Serverless documents use other grammars and are left out.)
    static let policyProperties: [String: [PolicyProperty]] = {
        var table: [String: [PolicyProperty]] = [
            "AWS::IAM::Role": [property("AssumeRolePolicyDocument", .trust), property("Policies.*.PolicyDocument", .identity)],
            "AWS::IAM::User": [property("Policies.*.PolicyDocument", .identity)],
            "AWS::IAM::Group": [property("Policies.*.PolicyDocument", .identity)],
            "AWS::SSO::PermissionSet": [property("InlinePolicy", .identity)],
            "AWS::RolesAnywhere::Profile": [property("SessionPolicy", .session)],
            "AWS::Transfer::User": [property("Policy", .session)],
            "AWS::EKS::PodIdentityAssociation": [property("Policy", .session)],
            "AWS::DynamoDB::Table": [property("ResourcePolicy.PolicyDocument", .resource)],
            "AWS::Organizations::ResourcePolicy": [property("Content", .resource)],
        ]
        for type in ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"] {
            table[type] = [property("PolicyDocument", .identity)]
        }
        let resourcePolicies: [(String, String)] = [
            ("AWS::S3::BucketPolicy", "PolicyDocument"), ("AWS::S3::AccessPoint", "Policy"),
            ("AWS::S3::MultiRegionAccessPointPolicy", "Policy"), ("AWS::S3ObjectLambda::AccessPointPolicy", "PolicyDocument"),
            ("AWS::S3Express::BucketPolicy", "PolicyDocument"), ("AWS::S3Express::AccessPoint", "Policy"),
            ("AWS::S3Outposts::BucketPolicy", "PolicyDocument"), ("AWS::S3Outposts::AccessPoint", "Policy"),
            ("AWS::S3Tables::TableBucketPolicy", "ResourcePolicy"), ("AWS::S3Tables::TablePolicy", "ResourcePolicy"),
            ("AWS::SQS::QueuePolicy", "PolicyDocument"), ("AWS::SQS::QueueInlinePolicy", "PolicyDocument"),
            ("AWS::SNS::TopicPolicy", "PolicyDocument"), ("AWS::SNS::TopicInlinePolicy", "PolicyDocument"),
            ("AWS::KMS::Key", "KeyPolicy"), ("AWS::KMS::ReplicaKey", "KeyPolicy"),
            ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"),
            ("AWS::ECR::Repository", "RepositoryPolicyText"), ("AWS::ECR::PublicRepository", "RepositoryPolicyText"),
            ("AWS::ECR::RegistryPolicy", "PolicyText"),
            ("AWS::OpenSearchService::Domain", "AccessPolicies"), ("AWS::Elasticsearch::Domain", "AccessPolicies"),
            ("AWS::Lambda::ResourcePolicy", "PolicyDocument"), ("AWS::ApiGateway::RestApi", "Policy"),
            ("AWS::CodeArtifact::Domain", "PermissionsPolicyDocument"), ("AWS::CodeArtifact::Repository", "PermissionsPolicyDocument"),
            ("AWS::Backup::BackupVault", "AccessPolicy"), ("AWS::Backup::LogicallyAirGappedBackupVault", "AccessPolicy"),
            ("AWS::CloudTrail::ResourcePolicy", "ResourcePolicy"), ("AWS::EFS::FileSystem", "FileSystemPolicy"),
            ("AWS::Kinesis::ResourcePolicy", "ResourcePolicy"), ("AWS::Events::EventBus", "Policy"),
            ("AWS::EventSchemas::RegistryPolicy", "Policy"), ("AWS::Logs::ResourcePolicy", "PolicyDocument"),
            ("AWS::Logs::Destination", "DestinationPolicy"), ("AWS::Logs::DeliveryDestination", "DeliveryDestinationPolicy"),
            ("AWS::Logs::LogGroup", "ResourcePolicyDocument"), ("AWS::EC2::VPCEndpoint", "PolicyDocument"),
            ("AWS::MSK::ClusterPolicy", "Policy"), ("AWS::SSM::ResourcePolicy", "Policy"),
            ("AWS::VpcLattice::AuthPolicy", "Policy"), ("AWS::VpcLattice::ResourcePolicy", "Policy"),
            ("AWS::Oam::Sink", "Policy"), ("AWS::Redshift::Cluster", "NamespaceResourcePolicy"),
            ("AWS::RedshiftServerless::Namespace", "NamespaceResourcePolicy"), ("AWS::Bedrock::ResourcePolicy", "PolicyDocument"),
            ("AWS::Bedrock::KnowledgeBasePolicy", "PolicyDocument"), ("AWS::BedrockAgentCore::ResourcePolicy", "Policy"),
            ("AWS::SageMaker::ModelPackageGroup", "ModelPackageGroupPolicy"), ("AWS::XRay::ResourcePolicy", "PolicyDocument"),
            ("AWS::APS::ResourcePolicy", "PolicyDocument"), ("AWS::MediaStore::Container", "Policy"),
            ("AWS::MediaPackageV2::ChannelPolicy", "Policy"), ("AWS::MediaPackageV2::OriginEndpointPolicy", "Policy"),
            ("AWS::MediaTailor::ChannelPolicy", "Policy"), ("AWS::Lex::ResourcePolicy", "Policy"),
        ]
        for (type, path) in resourcePolicies { table[type] = [property(path, .resource)] }
        return table
    }()

    /// A `Resources` map whose entries have a `Type`, even without AWSTemplateFormatVersion.
    static func looksLikeTemplate(_ json: JSONValue) -> Bool {
        guard let resources = json["Resources"]?.objectValue, !resources.isEmpty else { return false }
        return resources.allSatisfy { $0.value["Type"]?.stringValue != nil }
    }

    static func policies(
        in template: JSONValue, parameterValues: [String: String] = [:]
    ) -> (policies: [EmbeddedPolicy], findings: [Finding]) {
        let resolver = IntrinsicResolver(template: template, parameterValues: parameterValues)
        var policies: [EmbeddedPolicy] = []
        var findings: [Finding] = []
        for resource in template["Resources"]?.objectValue ?? [] {
            guard let type = resource.value["Type"]?.stringValue, let properties = resource.value["Properties"] else { continue }
            if type == "AWS::Lambda::Permission" {
                if let text = LambdaPermission.policy(properties, resolver: resolver, at: resource.value.span.start) {
                    policies.append(EmbeddedPolicy(owner: resource.key, property: "(Lambda permission)", policyType: .resource, content: .text(text)))
                }
                continue
            }
            var kinds = policyProperties[type] ?? []
            if type == "AWS::Organizations::Policy" {
                switch properties["Type"]?.stringValue {
                case "SERVICE_CONTROL_POLICY": kinds = [property("Content", .scp)]
                case "RESOURCE_CONTROL_POLICY": kinds = [property("Content", .rcp)]
                default: kinds = []  // tag, backup and other policies are not IAM's grammar
                }
            }
            for kind in kinds {
                for (label, value) in PropertyPath.values(at: kind.path[...], in: properties, elementName: { $0["PolicyName"]?.stringValue }) {
                    let holder = "\(resource.key) \(label)"
                    switch text(of: value, resolver: resolver, holder: holder) {
                    case nil: continue
                    case .invalid(let finding)?: findings.append(finding)
                    case .content(let content)?:
                        var policy = EmbeddedPolicy(owner: resource.key, property: label, policyType: kind.policyType, content: content)
                        policy.resourceIsImplied = impliedResourceTypes.contains(type)
                        if kind.policyType == .identity { policy.identityStorage = identityStorage[type] }
                        policies.append(policy)
                    }
                }
            }
        }
        return (policies, findings)
    }

    /// A property's policy text: an object with its intrinsics resolved, or JSON text given
    /// as a string or built by `Fn::Sub`/`Fn::Join`. Nil when the property resolves to
    /// `AWS::NoValue` (the policy is left out in that case).
    private static func text(of value: JSONValue, resolver: IntrinsicResolver, holder: String) -> PolicyValue.Extracted? {
        var resolved = IntrinsicResolver.intrinsic(value) == nil ? IntrinsicResolver.Resolved.value(value) : resolver.resolve(value)
        if case .value(let literal) = resolved, let content = MappedText.content(of: literal) { resolved = .text(content) }
        switch resolved {
        case .noValue: return nil
        case .text(let content): return PolicyValue.fromString(content, span: value.span, holder: holder)
        case .value(let object) where object.isObject:
            var text = MappedText(endOffset: object.span.end)
            resolver.write(object, into: &text)
            return .content(.text(text))
        default:
            return .invalid(GrammarCheck.invalidEmbeddedPolicy.finding(
                "\(holder) must be a policy document (an object or JSON text), found \(value.typeDescription)", at: value.span))
        }
    }
}
