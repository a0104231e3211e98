/// Action values that name no AWS action: an unknown service, an unknown action, or a pattern
/// that matches nothing.
struct UnknownActionRule: LintRule {
    static let description = RuleDescription(
        id: "unknown-action",
        summary: "Actions must exist in the Service Authorization Reference",
        rationale: """
            IAM accepts a policy that names an action that does not exist, and the entry then \
            grants or denies nothing: a typo in a Deny silently leaves the action allowed. Checked \
            against policylint's embedded catalog, with the closest real action suggested. In a \
            Deny it is an error (the Deny protects nothing); in an Allow a warning (the entry grants \
            nothing, as in four AWS managed policies). A retired action is `deprecated-action`'s concern.
            """,
        severity: .error, category: .validity, issueCode: "INVALID_ACTION",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"s3:GetObjct", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["s3:DeleteObject", ↓"s3:DeleteBuckett"], "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ↓"s4:GetObject", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"s3:Fly*", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"GetObject", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "S3:getobject", "s3:Get*", "*"], "Resource": "*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            let severity: Severity = statement.effect?.value == .deny ? .error : .warning
            for (value, facts) in zip(statement.action?.values ?? [], context.actionFacts(of: statement)) where value.value != "*" {
                switch facts.resolution {
                case .known, .deprecated:
                    continue
                case .invalid:
                    findings.append(RuleFinding("`\(value.value)` is not an action: expected `service:action`", at: value.span,
                        severity: severity))
                case .unknownService(let suggestion):
                    let service = value.value.split(separator: ":").first.map(String.init) ?? value.value
                    findings.append(RuleFinding("`\(service)` is not an AWS service prefix", at: value.span,
                        help: suggestion.map { "did you mean `\($0)`?" }, issueCode: "INVALID_SERVICE_IN_ACTION", severity: severity))
                case .unknownAction(let suggestion):
                    let message = value.value.hasWildcard ? "`\(value.value)` matches no action" : "`\(value.value)` is not an action"
                    findings.append(RuleFinding(message, at: value.span, help: suggestion.map { "did you mean `\($0)`?" },
                        severity: severity))
                }
            }
        }
        return findings
    }
}
