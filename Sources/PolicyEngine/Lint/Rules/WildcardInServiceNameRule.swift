/// `s*:GetObject`: a wildcard in the service prefix.
struct WildcardInServiceNameRule: LintRule {
    static let description = RuleDescription(
        id: "wildcard-in-service-name",
        summary: "Service prefixes should not contain wildcards",
        rationale: """
            A wildcard in the service prefix matches every service whose name fits, including ones \
            AWS launches later: `s3*:Get*` reaches s3express and s3-outposts as well as s3.
            """,
        severity: .suggestion, category: .validity, issueCode: "WILDCARD_IN_SERVICE_NAME",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"s3*:GetObject", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "*"], "Resource": "*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            for value in statement.action?.values ?? [] where value.value != "*" {
                guard let colon = value.value.firstIndex(of: ":"), String(value.value[..<colon]).hasWildcard else { continue }
                findings.append(RuleFinding("the service part of `\(value.value)` has a wildcard", at: value.span))
            }
        }
        return findings
    }
}
