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
            let lowered = values.map { $0.value.lowercased() }
            // Only wildcard entries can cover other entries: compare literals with those alone.
            let wildcards = lowered.indices.filter { lowered[$0].hasWildcard }
                .map { ($0, GlobPattern(lowered[$0])) }
            var firstIndex: [String: Int] = [:]
            for (index, value) in lowered.enumerated() {
                if let earlier = firstIndex[value] {
                    findings.append(RuleFinding("`\(values[index].value)` is already covered by `\(values[earlier].value)`", at: values[index].span))
                    continue
                }
                firstIndex[value] = index
                guard !value.hasWildcard,
                    let cover = wildcards.first(where: { $0.0 != index && $0.1.matches(value) })
                else { continue }
                findings.append(RuleFinding("`\(values[index].value)` is already covered by `\(values[cover.0].value)`", at: values[index].span))
            }
        }
        return findings
    }
}
