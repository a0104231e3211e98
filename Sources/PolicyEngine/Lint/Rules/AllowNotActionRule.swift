/// Allow with NotAction: grants everything except a list.
struct AllowNotActionRule: LintRule {
    static let description = RuleDescription(
        id: "allow-with-not-action",
        summary: "Allow statements should name actions rather than exclude them",
        rationale: """
            Allow with NotAction grants every action except those listed, across every service, \
            including services AWS has not launched yet. Use NotAction with Deny to fence, and name \
            the allowed actions instead.
            """,
        severity: .warning, category: .leastPrivilege,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ↓"NotAction": "iam:*", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let element = statement.action, element.isNegated else { return nil }
            let excluded = element.values.map { "`\($0.value)`" }.joined(separator: ", ")
            return RuleFinding("statement \(statement.label) allows every action except \(excluded)", at: element.keySpan)
        }
    }
}
