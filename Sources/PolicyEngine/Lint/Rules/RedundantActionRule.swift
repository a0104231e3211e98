/// An action listed twice, or covered by a wildcard in the same list.
struct RedundantActionRule: LintRule {
    static let description = RuleDescription(
        id: "redundant-action",
        summary: "An action list should not repeat what another entry already covers",
        rationale: "Entries covered by another entry of the same list add nothing and hide what the statement grants.",
        severity: .suggestion, category: .hygiene, issueCode: "REDUNDANT_ACTION",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", ↓"s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", ↓"SQS:sendmessage"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            guard let values = statement.action?.values, values.count > 1 else { continue }
            let index = context.actionValues(of: statement)
            for (position, name) in index.names.enumerated() {
                if let earlier = index.position(of: name), earlier < position {
                    findings.append(RuleFinding("`\(values[position].value)` is already covered by `\(values[earlier].value)`", at: values[position].span))
                    continue
                }
                // Only wildcard entries can cover other entries.
                guard !name.text.hasWildcard, let cover = index.firstWildcardMatch(name) else { continue }
                findings.append(RuleFinding("`\(values[position].value)` is already covered by `\(values[cover].value)`", at: values[position].span))
            }
        }
        return findings
    }
}
