/// iam:PassRole (or iam:CreateServiceLinkedRole) granted on every role: Access Analyzer's
/// PASS_ROLE_* and CREATE_SLR_* checks, in one place because the six shapes are shared.
struct PassRoleWildcardRule: LintRule {
    static let description = RuleDescription(
        id: "pass-role-wildcard",
        summary: "Passing roles should be limited to the roles a service needs",
        rationale: """
            Passing any role to a service lets the principal run code with that role's permissions: \
            with iam:PassRole on "*" and a compute service, a user reaches every role in the account. \
            Name the roles, and restrict the service with iam:PassedToService.
            """,
        severity: .securityWarning, category: .privilegeEscalation, issueCode: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": ↓"*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": ↓↓"*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", ↓"NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}]}"#),
        ])

    static let variants: [(action: String, codePrefix: String, severity: Severity)] = [
        ("iam:PassRole", "PASS_ROLE", .securityWarning),
        ("iam:CreateServiceLinkedRole", "CREATE_SLR", .warning),
    ]

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for (action, prefix, severity) in Self.variants where !context.isDeniedEverywhere(action) {
            // The cheap tests first: most statements name their resources.
            for statement in context.allowStatements where context.coversEveryResource(statement) {
                guard let actions = statement.action, let resources = statement.resource,
                    !context.hasRestrictingCondition(statement), context.statement(statement, covers: action)
                else { continue }
                let named = !actions.isNegated && actions.values.contains { $0.value.lowercased() == action.lowercased() }
                let shape: String
                switch (actions.isNegated, named, resources.isNegated) {
                case (true, _, true): shape = "WITH_NOT_ACTION_AND_NOT_RESOURCE"
                case (true, _, false): shape = "WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"
                case (false, true, true): shape = "WITH_NOT_RESOURCE"
                case (false, true, false): shape = "WITH_STAR_IN_RESOURCE"
                case (false, false, true): shape = "WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
                case (false, false, false): shape = "WITH_STAR_IN_ACTION_AND_RESOURCE"
                }
                findings.append(RuleFinding(
                    "statement \(statement.label) allows `\(action)` on every \(action == "iam:PassRole" ? "role" : "service-linked role")",
                    at: context.everyResourceSpan(statement),
                    help: action == "iam:PassRole" ? "list the roles, and add an iam:PassedToService condition" : "list the service-linked roles, or add an iam:AWSServiceName condition",
                    issueCode: "\(prefix)_\(shape)", severity: severity))
            }
        }
        return findings
    }
}
