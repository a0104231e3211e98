/// Conditions that every request meets, or that no request can meet.
struct ConstantConditionRule: LintRule {
    static let description = RuleDescription(
        id: "constant-condition",
        summary: "A condition should depend on the request",
        rationale: """
            Conditions on a key that every request meets (`StringLikeIfExists` with `*`) restrict \
            nothing; conditions no request can meet (a value required and forbidden, a principal type \
            that does not exist) make the statement dead. Decided by comparing the values every \
            operator accepts, as `policylint diff` does: absent keys, IfExists, ForAllValues and \
            ForAnyValue, CIDR ranges and number and date bounds included.
            """,
        severity: .warning, category: .condition,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLikeIfExists": {↓"aws:SourceVpce": "*"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {↓"aws:RequestedRegion": "eu-west-1"}, "StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {↓"aws:SourceIp": "10.0.0.0/8"}, "NotIpAddress": {"aws:SourceIp": "10.0.0.0/7"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {↓"aws:PrincipalType": "Users"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:UserAgent": "*"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalType": "FederatedUser"}, "NumericLessThan": {"s3:max-keys": "10"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for (position, statement) in context.policy.statements.enumerated() where statement.condition != nil {
            let compiled = context.compiled(position)
            guard compiled.error == nil, !compiled.conditions.isEmpty, !Self.plainlyVariable(compiled.conditions) else { continue }
            let space = RequestSpace(statements: [compiled], checksPrincipal: false, principals: .anyone, conditionsOnly: true)
            // Only what is decided exactly is reported.
            guard space.inexactReasons.isEmpty else { continue }
            for dimension in space.dimensions {
                let clauses: [CompiledCondition]
                switch dimension.kind {
                case .key(let key): clauses = compiled.conditions.filter { $0.key == key && !$0.isOpaque }
                case .principal: clauses = compiled.conditions.filter { RequestSpace.principalKeys.contains($0.key) && !$0.isOpaque }
                case .action, .resource, .clause: continue
                }
                guard let first = clauses.first else { continue }
                let meeting = dimension.candidates.filter { $0.matches.contains(0) }.count
                let plural = clauses.count > 1
                if meeting == 0 {
                    findings.append(RuleFinding(
                        "no request can meet the condition\(plural ? "s" : "") on `\(first.keyAsWritten)`: statement \(statement.label) never applies",
                        at: first.span, help: "check the operators and values"))
                } else if meeting == dimension.candidates.count, case .key = dimension.kind {
                    findings.append(RuleFinding(
                        "every request meets the condition\(plural ? "s" : "") on `\(first.keyAsWritten)`: \(plural ? "they restrict" : "it restricts") nothing",
                        at: first.span, help: "remove it, or give the values it should allow"))
                }
            }
        }
        return findings
    }

    /// True when every key has one clause of a plain positive operator (no IfExists, no set
    /// qualifier) with a value: an absent key fails it and its own value meets it, so it is
    /// neither always nor never true. Keys AWS derives from the caller are always looked at.
    static func plainlyVariable(_ conditions: [CompiledCondition]) -> Bool {
        var counts: [String: Int] = [:]
        for condition in conditions { counts[condition.key, default: 0] += 1 }
        return conditions.allSatisfy { condition in
            let op = condition.op
            return counts[condition.key] == 1 && !RequestSpace.principalKeys.contains(condition.key) && !op.isNegated
                && !op.ifExists && op.qualifier == nil && !condition.values.isEmpty && !condition.isOpaque
                && [.string, .numeric, .date, .bool, .ipAddress].contains(op.family)
        }
    }
}
