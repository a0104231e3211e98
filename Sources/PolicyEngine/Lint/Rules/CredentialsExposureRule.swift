/// Actions that return credentials, granted on every resource.
struct CredentialsExposureRule: LintRule {
    static let description = RuleDescription(
        id: "credentials-exposure",
        summary: "Actions that return credentials should be limited to named resources",
        rationale: """
            These actions hand back access keys, tokens or passwords: on "*" they let the principal \
            mint credentials for identities and systems other than its own.
            """,
        severity: .securityWarning, category: .credentialsExposure,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"iam:CreateAccessKey", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}"#),
        ])

    /// Tokens that only authenticate to a service the principal is already allowed to use.
    static let ordinary: Set<String> = ["ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken", "codeartifact:GetAuthorizationToken"]

    static let actions = SensitiveActions.credentialsExposure.filter { !ordinary.contains($0) }.map(ActionName.init)

    func check(_ context: LintContext) -> [RuleFinding] {
        SensitiveActionFinder.findings(context, actions: Self.actions) {
            statement, actions in "statement \(statement.label) can return credentials through \(actions) on every resource"
        }
    }
}
