/// `"Action": "*"` in an Allow statement, on any resource.
struct WildcardActionRule: LintRule {
    static let description = RuleDescription(
        id: "wildcard-action",
        summary: "Allow statements should not grant every action",
        rationale: """
            "Action": "*" grants every current and future action of every service on the resources \
            named. Name the actions the principal needs; `full-admin` covers the case of every resource.
            """,
        severity: .securityWarning, category: .leastPrivilege,
        policyTypes: [.identity, .boundary, .session, .resource],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"*", "Resource": "arn:aws:s3:::team-bucket/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ↓"*:*", "Resource": "arn:aws:s3:::b/*"}]}"#, policyType: .resource),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let star = statement.everyActionValue else { return nil }
            // Every action on every resource is full-admin's finding, not this one's.
            if context.coversEveryResource(statement), context.policyType != .resource { return nil }
            return RuleFinding("statement \(statement.label) allows every action", at: star.span)
        }
    }
}
