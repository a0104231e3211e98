/// Reading objects, parameters or secrets on every resource.
struct DataExfiltrationRule: LintRule {
    static let description = RuleDescription(
        id: "data-exfiltration",
        summary: "Actions that read data or secrets should be limited to named resources",
        rationale: """
            s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue and their kin granted on \
            "*" read every object, parameter and secret in reach, including ones the principal was \
            never meant to see. Name the buckets, parameter paths and secrets.
            """,
        severity: .warning, category: .dataExfiltration,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ssm:DescribeParameters", ↓"ssm:GetParameter*"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:eu-west-1:111122223333:parameter/app/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}]}"#),
        ])

    static let actions = SensitiveActions.dataExfiltration.map(ActionName.init)

    func check(_ context: LintContext) -> [RuleFinding] {
        SensitiveActionFinder.findings(context, actions: Self.actions) { statement, actions in
            "statement \(statement.label) lets the principal read \(actions) on every resource"
        }
    }
}

/// One finding per statement for the listed actions it grants without constraint.
enum SensitiveActionFinder {
    static func findings(_ context: LintContext, actions: [ActionName], message: (Statement, String) -> String) -> [RuleFinding] {
        var byStatement: [(Statement, [String])] = []
        for action in actions {
            for statement in context.unconstrainedGrants(of: action) {
                // `*` and service wildcards are reported by their own rules.
                if statement.everyActionValue != nil { continue }
                if let index = byStatement.firstIndex(where: { $0.0.index == statement.index }) {
                    byStatement[index].1.append(action.text)
                } else {
                    byStatement.append((statement, [action.text]))
                }
            }
        }
        return byStatement.map { statement, found in
            let names = found.prefix(4).map { "`\($0)`" }.joined(separator: ", ") + (found.count > 4 ? " and \(found.count - 4) more" : "")
            return RuleFinding(message(statement, names), at: context.actionSpan(in: statement, for: found[0]))
        }
    }
}
