/// A resource policy that allows everyone.
struct PublicResourcePolicyRule: LintRule {
    static let description = RuleDescription(
        id: "public-resource-policy",
        summary: "Resource policies should not allow everyone",
        rationale: """
            "Principal": "*" (or {"AWS": "*"}) in an Allow opens the resource to every AWS account and, \
            for many services, to anonymous callers. It is not reported when a condition narrows the \
            caller: aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount, \
            aws:SourceVpce, aws:SourceIp and similar. A Deny with "Principal": "*" restricts; it exposes nothing.
            """,
        severity: .securityWarning, category: .resourceExposure,
        policyTypes: [.resource],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ↓"*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}"#, policyType: .resource),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ↓"*"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"}]}"#, policyType: .resource),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#, policyType: .resource),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:events"}}}]}"#, policyType: .resource),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}"#, policyType: .resource),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        context.allowStatements.compactMap { statement in
            guard let span = PrincipalConditions.everyoneSpan(statement), !PrincipalConditions.restricts(statement) else { return nil }
            let actions = statement.action.map { element in
                (element.isNegated ? "all but " : "") + element.values.prefix(3).map { "`\($0.value)`" }.joined(separator: ", ")
            } ?? "its actions"
            return RuleFinding("statement \(statement.label) allows everyone \(actions)", at: span,
                help: "name the principals, or add a condition such as aws:PrincipalOrgID or aws:SourceArn")
        }
    }
}
