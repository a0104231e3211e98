/// `"s3:*"`, `"iam:*"`: every action of a service.
struct ServiceWildcardActionRule: LintRule {
    static let description = RuleDescription(
        id: "service-wildcard-action",
        summary: "Allow statements should not grant every action of a service",
        rationale: """
            A service-wide wildcard grants the service's destructive and permissions-management \
            actions along with the ones needed, and every action the service adds later. It is \
            reported when it applies to every resource without a restricting condition.
            """,
        severity: .warning, category: .leastPrivilege,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", ↓"iam:*"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::team-bucket/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements where context.coversEveryResource(statement) && !context.hasRestrictingCondition(statement) {
            guard let element = statement.action, !element.isNegated else { continue }
            // Only a value ending in `:*` can be one: skip splitting the rest.
            for value in element.values where value.value.utf8.last == UInt8(ascii: "*") && value.value.utf8.dropLast().last == UInt8(ascii: ":") {
                let parts = value.value.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[1] == "*", !parts[0].contains("*"), !context.isDeniedEverywhere(String(parts[0]) + ":*")
                else { continue }
                findings.append(RuleFinding("`\(value.value)` allows every \(parts[0]) action on every resource", at: value.span))
            }
        }
        return findings
    }
}
