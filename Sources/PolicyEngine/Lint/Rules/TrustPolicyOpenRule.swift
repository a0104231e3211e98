/// A role trust policy that lets anyone assume the role.
struct TrustPolicyOpenRule: LintRule {
    static let description = RuleDescription(
        id: "trust-policy-open",
        summary: "A role's trust policy must not let everyone assume it",
        rationale: """
            "Principal": "*" in a trust policy lets any AWS account assume the role; unless a \
            condition such as aws:PrincipalOrgID or aws:PrincipalArn narrows the caller, the role's \
            permissions belong to the whole internet's AWS users.
            """,
        severity: .error, category: .trust, issueCode: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        policyTypes: [.trust],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ↓"*"}, "Action": "sts:AssumeRole"}]}"#, policyType: .trust),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}"#, policyType: .trust),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#, policyType: .trust),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let span = PrincipalConditions.everyoneSpan(statement), !PrincipalConditions.restricts(statement) else { return nil }
            return RuleFinding("statement \(statement.label) lets every AWS principal assume this role", at: span,
                help: "name the accounts or roles that may assume it")
        }
    }
}
