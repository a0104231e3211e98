/// Actions of retired services, or actions AWS has removed.
struct DeprecatedActionRule: LintRule {
    static let description = RuleDescription(
        id: "deprecated-action",
        summary: "Actions should not belong to a retired service or API",
        rationale: """
            AWS keeps old action names working in saved policies, but a retired action controls \
            nothing any more: the entry is dead weight, and a Deny on it protects nothing. The \
            catalog keeps retired services and actions so they are reported as such, not as unknown.
            """,
        severity: .warning, category: .validity,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"codestar:CreateProject", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "codebuild:StartBuild", "Resource": "*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            for (value, facts) in zip(statement.action?.values ?? [], context.actionFacts(of: statement)) where value.value != "*" {
                guard case .deprecated = facts.resolution else { continue }
                findings.append(RuleFinding("`\(value.value)` names only retired actions", at: value.span,
                    help: "remove it, or use the service's replacement"))
            }
        }
        return findings
    }
}
