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

    /// True when, for every key, a value meets its clauses and another fails them, by the
    /// condition evaluator: then no key is constant and the request space is not needed. Keys
    /// AWS derives from the caller are left to the space; clauses with policy variables, which
    /// the space takes as opaque facts and this rule never reports, are passed over.
    static func plainlyVariable(_ conditions: [CompiledCondition]) -> Bool {
        let evaluation = EvaluationContext(given: RequestContext(), principal: .anonymous)
        var keys: [String] = []
        for condition in conditions where !keys.contains(condition.key) { keys.append(condition.key) }
        for key in keys {
            // Clauses with policy variables are opaque facts to the space, never reported; the rest are.
            let clauses = conditions.filter { $0.key == key && !$0.isOpaque }
            if clauses.isEmpty { continue }
            guard !RequestSpace.principalKeys.contains(key) else { return false }
            var meets = false
            var fails = false
            for value in ConditionCandidates.values(clauses, evaluation) where !(meets && fails) {
                // A value some operator cannot read says nothing either way.
                var outcome: Bool? = true
                for clause in clauses {
                    switch ConditionEvaluator.evaluate(clause, value: value, context: evaluation) {
                    case .success(true): continue
                    case .success(false): outcome = outcome == nil ? nil : false
                    case .failure: outcome = nil
                    }
                }
                if outcome == true { meets = true }
                if outcome == false { fails = true }
            }
            guard meets, fails else { return false }
        }
        return true
    }
}
