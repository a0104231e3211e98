/// `"Resource": "*"` for actions that can be scoped to resources.
struct WildcardResourceRule: LintRule {
    static let description = RuleDescription(
        id: "wildcard-resource",
        summary: "Actions that support resource ARNs should not be granted on every resource",
        rationale: """
            Most actions can be limited to named resources; granting them on "*" reaches every \
            bucket, table or key in the account, and those created later. Actions that accept only \
            "*" (per the Service Authorization Reference) are exempt. It is a suggestion: on AWS's own \
            managed policies most hits are creation and telemetry actions (ec2:CreateNetworkInterface, \
            logs:CreateLogGroup, cloudwatch:PutMetricData) where "*" is the conventional grant.
            """,
        severity: .suggestion, category: .leastPrivilege,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:ListAllMyBuckets"], "Resource": ↓"*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::uploads/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements where context.coversEveryResource(statement) && statement.resource?.isNegated != true {
            guard let element = statement.action, !element.isNegated else { continue }
            // `*` alone is reported by full-admin / wildcard-action.
            if statement.everyActionValue != nil { continue }
            if context.hasRestrictingCondition(statement) { continue }
            // Counts and the first three of each kind are all the message needs: no lists of thousands.
            var scopable = (count: 0, first: [Action]())
            var writes = (count: 0, first: [Action]())
            for action in context.actions(of: statement)
            where action.supportsResourceLevelPermissions && !action.isDeprecated && !context.isDeniedEverywhere(action) {
                scopable.count += 1
                if scopable.first.count < 3 { scopable.first.append(action) }
                guard let level = action.accessLevel, level != .list, level != .read else { continue }
                writes.count += 1
                if writes.first.count < 3 { writes.first.append(action) }
            }
            guard scopable.count > 0 else { continue }
            let listed = writes.count == 0 ? scopable : writes
            let shown = listed.first.map { "`\($0.fullName)`" }.joined(separator: ", ")
            let more = listed.count - listed.first.count
            findings.append(RuleFinding(
                "statement \(statement.label) grants \(shown)\(more > 0 ? " and \(more) more" : "") on every resource, though they can be limited to resource ARNs",
                at: context.everyResourceSpan(statement)))
        }
        return findings
    }
}
