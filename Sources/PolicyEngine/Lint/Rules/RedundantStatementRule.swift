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
        guard statements.count > 1 else { return [] }
        let compiled = statements.indices.map(context.compiled)
        let checksPrincipal = context.policyType.requiresPrincipal
        // The pairs the quick tests leave, for each statement the ones that may cover it.
        var samples: [Int: Sample] = [:]
        var suspects: [(inner: Int, outers: [Int])] = []
        for (index, statement) in statements.enumerated() {
            // A statement missing an element it needs is reported by the grammar checks.
            guard statement.action != nil, statement.effect != nil, !checksPrincipal || statement.principal != nil else { continue }
            let outers = statements.indices.filter { other in
                guard other != index, statements[other].effect?.value == statement.effect?.value,
                    Self.servicesMayCover(compiled[other], compiled[index])
                else { return false }
                if samples[index] == nil { samples[index] = Sample(compiled[index]) }
                return samples[index]!.isMatched(by: compiled[other])
            }
            if !outers.isEmpty { suspects.append((index, outers)) }
        }
        guard !suspects.isEmpty else { return [] }
        // One set of candidate requests for the statements involved.
        let involved = Array(Set(suspects.flatMap { [$0.inner] + $0.outers })).sorted()
        let position = Dictionary(uniqueKeysWithValues: involved.enumerated().map { ($1, $0) })
        let inclusion = StatementInclusion(involved.map { compiled[$0] }, checksPrincipal: checksPrincipal)
        func covers(_ outer: Int, _ inner: Int) -> Bool { inclusion.covers(position[outer]!, position[inner]!) == true }
        var findings: [RuleFinding] = []
        for (index, outers) in suspects {
            // Two statements that cover each other are duplicates: report only the later one.
            guard let cover = outers.first(where: { covers($0, index) && ($0 < index || !covers(index, $0)) }) else { continue }
            findings.append(RuleFinding("statement \(statements[index].label) adds nothing to statement \(statements[cover].label)",
                at: statements[index].span))
        }
        return findings
    }

    /// The quickest test: the literal service prefixes of the inner statement's actions must be among the outer's.
    static func servicesMayCover(_ outer: CompiledStatement, _ inner: CompiledStatement) -> Bool {
        guard let outerServices = outer.actionServices else { return true }
        guard let innerServices = inner.actionServices else { return false }
        return innerServices.isSubset(of: outerServices)
    }

    /// A quick test that rules out most pairs: each action and resource pattern of a statement,
    /// its wildcards taken out, must be matched by a statement that covers it.
    struct Sample {
        var actions: [[UInt8]] = []
        var resources: [PreparedResource] = []

        init(_ statement: CompiledStatement) {
            if !statement.actionsNegated {
                actions = statement.actions.map { Array($0.description.replacingWildcards(with: "").utf8) }
            }
            guard !statement.resourcesNegated else { return }
            for case .fixed(let pattern) in statement.resources ?? [] {
                let sample = pattern.whole.description.replacingWildcards(with: "")
                resources.append(PreparedResource(sample))
            }
        }

        func isMatched(by outer: CompiledStatement) -> Bool {
            for action in actions where !StatementMatcher.actionMatches(outer, action) { return false }
            guard outer.resources != nil else { return true }
            for resource in resources {
                let outcome = resource.withView { StatementMatcher.resourceMatches(outer, $0, context: .anonymous) }
                if case .success(false) = outcome { return false }
            }
            return true
        }
    }
}
