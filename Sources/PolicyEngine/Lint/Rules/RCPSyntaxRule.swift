/// What resource control policies accept beyond the decoder's checks (NotAction, NotPrincipal).
struct RCPSyntaxRule: LintRule {
    static let description = RuleDescription(
        id: "rcp-syntax",
        summary: "Resource control policies allow only as RCPFullAWSAccess does, for every principal",
        rationale: """
            In an RCP the effect Allow is supported only for the RCPFullAWSAccess policy, which \
            allows `"*"` for `"Principal": "*"` on `"Resource": "*"` with no condition, and the \
            Principal element takes only `"*"`, narrowed with conditions such as aws:PrincipalOrgID \
            ("RCP syntax", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html). \
            Organizations rejects other RCPs; Access Analyzer reports them as RCP_SYNTAX_ERROR_ALLOW \
            and RCP_SYNTAX_ERROR_PRINCIPAL. NotAction and NotPrincipal are grammar checks.
            """,
        severity: .error, category: .grammar, issueCode: "RCP_SYNTAX_ERROR_ALLOW", policyTypes: [.rcp],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [↓{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}"#, policyType: .rcp),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": ↓"arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]}"#, policyType: .rcp),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}"#, policyType: .rcp),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            if case .entries(let entries) = statement.principal?.value {
                for entry in entries {
                    for value in entry.values where value.value != "*" {
                        findings.append(RuleFinding("an RCP accepts only `\"Principal\": \"*\"`", at: value.span,
                            help: "use \"*\" and narrow the principals with a condition (aws:PrincipalArn, aws:PrincipalOrgID)",
                            issueCode: "RCP_SYNTAX_ERROR_PRINCIPAL"))
                    }
                }
            }
            guard statement.effect?.value == .allow else { continue }
            let everyAction = statement.action.map { !$0.isNegated && $0.values.contains { $0.value == "*" } } ?? false
            let everyResource = statement.resource.map { !$0.isNegated && $0.values.contains { $0.value == "*" } } ?? false
            if !everyAction || !everyResource || statement.condition != nil {
                findings.append(RuleFinding("an RCP may allow only `\"*\"` on `\"Resource\": \"*\"` without a condition",
                    at: statement.span, help: "restrict with Deny statements; Allow is only for RCPFullAWSAccess"))
            }
        }
        return findings
    }
}
