/// A resource policy granting a service principal with no aws:SourceArn / aws:SourceAccount.
struct ServicePrincipalWithoutSourceRule: LintRule {
    static let description = RuleDescription(
        id: "service-principal-without-source",
        summary: "Grants to a service principal should name the source resource or account",
        rationale: """
            A service acts for many customers. Without aws:SourceArn or aws:SourceAccount, another \
            account's resource of that service can make the service act on yours: the confused-deputy \
            problem.
            """,
        severity: .securityWarning, category: .resourceExposure, issueCode: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
        policyTypes: [.resource],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ↓"sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"}]}"#, policyType: .resource),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#, policyType: .resource),
        ])

    static let sourceKeys: Set<String> = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner"]

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements {
            guard let principal = statement.principal, !principal.isNegated, case .entries(let entries) = principal.value else { continue }
            let keys = Set((statement.condition?.clauses ?? []).map { $0.key.value.lowercased() })
            guard keys.isDisjoint(with: Self.sourceKeys) else { continue }
            for entry in entries where entry.kind == .service {
                for service in entry.values {
                    findings.append(RuleFinding(
                        "`\(service.value)` is allowed without an aws:SourceArn or aws:SourceAccount condition", at: service.span,
                        help: "add a condition naming the resource or account the service acts for"))
                }
            }
        }
        return findings
    }
}
