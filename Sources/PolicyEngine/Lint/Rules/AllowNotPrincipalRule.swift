/// Allow with NotPrincipal: everyone but a list.
struct AllowNotPrincipalRule: LintRule {
    static let description = RuleDescription(
        id: "allow-with-not-principal",
        summary: "Allow statements should name principals rather than exclude them",
        rationale: """
            Allow with NotPrincipal grants to every principal except those listed, anonymous callers \
            included. AWS recommends naming principals, or "Principal": "*" with a condition on \
            aws:PrincipalArn.
            """,
        severity: .securityWarning, category: .resourceExposure, issueCode: "ALLOW_WITH_NOT_PRINCIPAL",
        policyTypes: [.resource],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ↓"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#, policyType: .resource),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}"#, policyType: .resource),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let principal = statement.principal, principal.isNegated else { return nil }
            return RuleFinding("statement \(statement.label) allows every principal not listed in `NotPrincipal`", at: principal.keySpan)
        }
    }
}
