/// Allow `*` on `*` with no restricting condition: full administrator access.
struct FullAdminRule: LintRule {
    static let description = RuleDescription(
        id: "full-admin",
        summary: "A statement must not grant every action on every resource",
        rationale: """
            "Action": "*" with "Resource": "*" makes the principal an administrator of the account, \
            including IAM itself. A condition on transport, time, region or MFA does not change that; \
            one on who calls (source network, organization, principal) does, and so does a Deny in the \
            same policy that removes the admin grant.
            """,
        severity: .error, category: .permissionsManagement,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"*", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", ↓"*"], "Resource": ["*"], "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::sandbox/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#),
        ])

    static let createUser = ActionName("iam:CreateUser")

    func check(_ context: LintContext) -> [RuleFinding] {
        context.unconstrainedGrants(of: Self.createUser).compactMap { statement in
            guard let star = statement.everyActionValue else { return nil }
            return RuleFinding("statement \(statement.label) allows every action on every resource", at: star.span,
                help: "grant the actions this principal needs, on the resources it needs them for")
        }
    }
}
