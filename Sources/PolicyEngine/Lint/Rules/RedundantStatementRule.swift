/// A statement that another statement of the policy makes unnecessary.
struct RedundantStatementRule: LintRule {
    static let description = RuleDescription(
        id: "redundant-statement",
        summary: "A statement should add something the others do not",
        rationale: """
            A statement identical to another (Sid aside), or whose every request another statement of \
            the same effect already covers (its actions, resources, principals and conditions included, \
            compared as `policylint diff` compares policies), changes nothing.
            """,
        severity: .suggestion, category: .hygiene, issueCode: "REDUNDANT_STATEMENT",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, ↓{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, ↓{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x", "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}, "Bool": {"aws:SecureTransport": "true"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, ↓{"Effect": "Allow", "Action": ["s3:Get?bject", "ec2:Describe*"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        let statements = context.policy.statements
        let substitutes = context.policy.substitutesVariables
        let compiled = statements.map { CompiledStatement($0, substitutesVariables: substitutes) }
        let checksPrincipal = context.policyType.requiresPrincipal
        var findings: [RuleFinding] = []
        for (index, statement) in statements.enumerated() {
            // A statement missing an element it needs is reported by the grammar checks.
            guard statement.action != nil, !checksPrincipal || statement.principal != nil else { continue }
            let cover = statements.indices.first { other in
                other != index && statements[other].effect?.value == statement.effect?.value && statement.effect != nil
                    && Self.mayCover(compiled[other], compiled[index])
                    && AccessAnalysis.covers(compiled[other], compiled[index], checksPrincipal: checksPrincipal) == true
                    // Two statements that cover each other are duplicates: report only the later one.
                    && (other < index || AccessAnalysis.covers(compiled[index], compiled[other], checksPrincipal: checksPrincipal) != true)
            }
            if let cover {
                findings.append(RuleFinding("statement \(statement.label) adds nothing to statement \(statements[cover].label)", at: statement.span))
            }
        }
        return findings
    }

    /// A quick test that rules out most pairs: one action and one resource of `inner` (its
    /// patterns with the wildcards taken out) must be matched by `outer`.
    static func mayCover(_ outer: CompiledStatement, _ inner: CompiledStatement) -> Bool {
        if !inner.actionsNegated {
            for pattern in inner.actions {
                let sample = Array(pattern.description.replacingWildcards(with: "").utf8)
                if !StatementMatcher.actionMatches(outer, sample) { return false }
            }
        }
        guard !inner.resourcesNegated, let resources = inner.resources, outer.resources != nil else { return true }
        for case .fixed(let pattern) in resources {
            let sample = pattern.whole.description.replacingWildcards(with: "")
            let request = PreparedRequest(AuthorizationRequest(principal: .anonymous, action: "", resource: sample), hasPermissionsBoundary: false)
            if case .success(false) = StatementMatcher.resourceMatches(outer, request) { return false }
        }
        return true
    }
}
