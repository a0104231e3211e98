/// Allow with NotResource: grants on everything except a list.
struct AllowNotResourceRule: LintRule {
    static let description = RuleDescription(
        id: "allow-with-not-resource",
        summary: "Allow statements should name resources rather than exclude them",
        rationale: """
            Allow with NotResource grants the actions on every resource except those listed, in \
            every account the principal can reach, including resources created later.
            """,
        severity: .warning, category: .leastPrivilege,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", ↓"NotResource": "arn:aws:s3:::payroll/*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::team-*"]}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let element = statement.resource, element.isNegated else { return nil }
            return RuleFinding("statement \(statement.label) allows its actions on every resource except those listed", at: element.keySpan)
        }
    }
}
