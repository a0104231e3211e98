/// The policies in a Terraform plan (`terraform show -json`): the JSON strings held by
/// policy attributes of AWS provider resources, in the root module and every child module,
/// taken from `planned_values` (the state after apply). A policy that stays unknown until
/// apply is reported as such rather than skipped.
enum TerraformPlan {
    struct PolicyAttribute {
        /// A path into `values`; `*` for each element of a list (nested blocks are lists).
        var path: [String]
        var policyType: PolicyType
        /// When the attribute is the resource's purpose, an unknown value is worth a note;
        /// optional computed attributes (`aws_s3_bucket.policy`) are unknown in every plan.
        var isPurpose: Bool
    }

    private static func attribute(_ path: String, _ type: PolicyType, purpose: Bool = true) -> PolicyAttribute {
        PolicyAttribute(path: path.split(separator: ".").map(String.init), policyType: type, isPurpose: purpose)
    }

    /// Resource types and their policy attributes (hashicorp/aws provider documentation).
    static let policyAttributes: [String: [PolicyAttribute]] = {
        var table: [String: [PolicyAttribute]] = [
            "aws_iam_role": [attribute("assume_role_policy", .trust), attribute("inline_policy.*.policy", .identity, purpose: false)],
            "aws_ssoadmin_permission_set_inline_policy": [attribute("inline_policy", .identity)],
            "aws_transfer_user": [attribute("policy", .session, purpose: false)],
            "aws_transfer_access": [attribute("policy", .session, purpose: false)],
            "aws_s3control_multi_region_access_point_policy": [attribute("details.*.policy", .resource)],
            "aws_cloudwatch_log_resource_policy": [attribute("policy_document", .resource)],
            "aws_cloudwatch_log_destination_policy": [attribute("access_policy", .resource)],
            "aws_codeartifact_domain_permissions_policy": [attribute("policy_document", .resource)],
            "aws_codeartifact_repository_permissions_policy": [attribute("policy_document", .resource)],
            "aws_sagemaker_model_package_group_policy": [attribute("resource_policy", .resource)],
            "aws_s3tables_table_bucket_policy": [attribute("resource_policy", .resource)],
            "aws_s3tables_table_policy": [attribute("resource_policy", .resource)],
            "aws_glacier_vault": [attribute("access_policy", .resource, purpose: false)],
            "aws_glacier_vault_lock": [attribute("policy", .resource)],
        ]
        for type in ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"] {
            table[type] = [attribute("policy", .identity)]
        }
        for type in ["aws_elasticsearch_domain", "aws_opensearch_domain"] {
            table[type] = [attribute("access_policies", .resource, purpose: false)]
        }
        for type in ["aws_elasticsearch_domain_policy", "aws_opensearch_domain_policy"] {
            table[type] = [attribute("access_policies", .resource)]
        }
        // Resources whose `policy` is an optional extra of a resource with another purpose.
        for type in ["aws_s3_bucket", "aws_sqs_queue", "aws_sns_topic", "aws_kms_key", "aws_kms_external_key",
                     "aws_kms_replica_key", "aws_kms_replica_external_key", "aws_secretsmanager_secret",
                     "aws_s3_access_point", "aws_vpc_endpoint", "aws_api_gateway_rest_api"] {
            table[type] = [attribute("policy", .resource, purpose: false)]
        }
        for type in ["aws_s3_bucket_policy", "aws_s3control_bucket_policy", "aws_s3control_access_point_policy",
                     "aws_s3control_object_lambda_access_point_policy", "aws_sqs_queue_policy", "aws_sns_topic_policy",
                     "aws_secretsmanager_secret_policy", "aws_ecr_repository_policy", "aws_ecr_registry_policy",
                     "aws_ecrpublic_repository_policy", "aws_efs_file_system_policy", "aws_backup_vault_policy",
                     "aws_cloudwatch_event_bus_policy", "aws_codebuild_resource_policy", "aws_glue_resource_policy",
                     "aws_media_store_container_policy", "aws_networkfirewall_resource_policy", "aws_ses_identity_policy",
                     "aws_kinesis_resource_policy", "aws_dynamodb_resource_policy", "aws_api_gateway_rest_api_policy",
                     "aws_lambda_function_url_policy"] {
            table[type] = [attribute("policy", .resource)]
        }
        return table
    }()

    /// How IAM stores the identity policies of each type (for the size quota).
    static let identityStorage: [String: IdentityPolicyStorage] = [
        "aws_iam_policy": .managed, "aws_iam_role": .roleInline, "aws_iam_role_policy": .roleInline,
        "aws_iam_user_policy": .userInline, "aws_iam_group_policy": .groupInline,
    ]

    static func policies(in plan: JSONValue) -> (policies: [EmbeddedPolicy], findings: [Finding]) {
        var policies: [EmbeddedPolicy] = []
        var findings: [Finding] = []
        var found = Set<String>()
        if let root = plan["planned_values"]?["root_module"] {
            for resource in resources(in: root) {
                collect(resource, values: resource["values"], into: &policies, findings: &findings, found: &found)
            }
        } else {
            // A plan without planned_values: the changes' `after` states.
            for change in plan["resource_changes"]?.arrayValue ?? [] where !isDeletion(change) {
                collect(change, values: change["change"]?["after"], into: &policies, findings: &findings, found: &found)
            }
        }
        findings += unknownPolicies(in: plan, known: found)
        return (policies, findings)
    }

    /// Every resource of a module and, recursively, of its child modules.
    private static func resources(in module: JSONValue) -> [JSONValue] {
        var all = module["resources"]?.arrayValue ?? []
        for child in module["child_modules"]?.arrayValue ?? [] { all += resources(in: child) }
        return all
    }

    private static func isDeletion(_ change: JSONValue) -> Bool {
        change["change"]?["actions"]?.arrayValue?.map { $0.stringValue ?? "" } == ["delete"]
    }

    private static func collect(
        _ resource: JSONValue, values: JSONValue?, into policies: inout [EmbeddedPolicy], findings: inout [Finding],
        found: inout Set<String>
    ) {
        guard resource["mode"]?.stringValue ?? "managed" == "managed",
              let type = resource["type"]?.stringValue, let address = resource["address"]?.stringValue,
              let values else { return }
        if type == "aws_lambda_permission" {
            if let text = LambdaPermission.policy(terraformValues: values, at: values.span.start) {
                policies.append(EmbeddedPolicy(owner: address, property: "(Lambda permission)", policyType: .resource, content: .text(text)))
            }
            return
        }
        var attributes = policyAttributes[type] ?? []
        if type == "aws_organizations_policy" {
            switch values["type"]?.stringValue {
            case "SERVICE_CONTROL_POLICY": attributes = [attribute("content", .scp)]
            case "RESOURCE_CONTROL_POLICY": attributes = [attribute("content", .rcp)]
            default: attributes = []
            }
        }
        for attribute in attributes {
            for (label, value) in PropertyPath.values(at: attribute.path[...], in: values) {
                found.insert("\(address) \(attribute.path[0])")
                // Unset optional policies are null or "".
                if case .null = value.kind { continue }
                if value.stringValue?.allSatisfy({ $0 == " " }) == true { continue }
                switch PolicyValue.extract(value, holder: "\(address).\(label)") {
                case .invalid(let finding): findings.append(finding)
                case .content(let content):
                    var policy = EmbeddedPolicy(owner: address, property: label, policyType: attribute.policyType, content: content)
                    policy.resourceIsImplied = ["aws_ecr_repository_policy", "aws_ecrpublic_repository_policy"].contains(type)
                    if attribute.policyType == .identity { policy.identityStorage = identityStorage[type] }
                    policies.append(policy)
                }
            }
        }
    }

    /// Policy attributes that `after_unknown` marks as known only after apply.
    private static func unknownPolicies(in plan: JSONValue, known: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for change in plan["resource_changes"]?.arrayValue ?? [] where !isDeletion(change) {
            guard change["mode"]?.stringValue ?? "managed" == "managed", let type = change["type"]?.stringValue,
                  let address = change["address"], let name = address.stringValue,
                  let unknown = change["change"]?["after_unknown"] else { continue }
            for attribute in policyAttributes[type] ?? [] where attribute.isPurpose {
                guard case .bool(true)? = unknown[attribute.path[0]]?.kind, !known.contains("\(name) \(attribute.path[0])") else {
                    continue
                }
                findings.append(GrammarCheck.policyUnknownUntilApply.finding(
                    "the policy of `\(name)` (`\(attribute.path[0])`) is not known until apply, so it was not checked",
                    at: address.span,
                    help: "it depends on values created by this plan; lint the plan again after apply, or lint the policy's source"))
            }
        }
        return findings
    }
}
