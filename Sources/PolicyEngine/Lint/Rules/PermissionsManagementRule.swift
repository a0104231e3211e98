/// Permissions-management actions (IAM policies, resource policies, grants) on every resource.
struct PermissionsManagementRule: LintRule {
    static let description = RuleDescription(
        id: "permissions-management",
        summary: "Permissions-management actions should be limited to named resources",
        rationale: """
            Actions at the "Permissions management" access level change who can do what: policies, \
            resource policies, KMS grants, sharing. On "*" with no restricting condition they let the \
            principal open any resource to anyone, itself included. IAM, STS and Organizations actions \
            are security warnings; other services' sharing and ACL actions are warnings.
            """,
        severity: .securityWarning, category: .permissionsManagement,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", ↓"s3:PutBucketPolicy"], "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"organizations:AttachPolicy", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::team-bucket"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#),
        ])

    static let criticalServices: Set<String> = ["iam", "sts", "organizations"]

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements where context.coversEveryResource(statement) && !context.hasRestrictingCondition(statement) {
            guard statement.action?.isNegated == false, statement.everyActionValue == nil else { continue }
            let actions = context.actions(of: statement).filter {
                $0.accessLevel == .permissionsManagement && !$0.isDeprecated && !context.isDeniedEverywhere($0)
            }
            guard let first = actions.first else { continue }
            let critical = actions.contains { Self.criticalServices.contains($0.servicePrefix) }
            let shown = actions.prefix(3).map { "`\($0.fullName)`" }.joined(separator: ", ")
            findings.append(RuleFinding(
                "statement \(statement.label) grants permissions-management actions \(shown)\(actions.count > 3 ? " and \(actions.count - 3) more" : "") on every resource",
                at: context.actionSpan(in: statement, for: first.fullName), severity: critical ? .securityWarning : .warning))
        }
        return findings
    }
}
