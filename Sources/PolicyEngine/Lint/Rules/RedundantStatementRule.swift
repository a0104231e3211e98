/// A statement that another statement of the policy makes unnecessary.
struct RedundantStatementRule: LintRule {
    static let description = RuleDescription(
        id: "redundant-statement",
        summary: "A statement should add something the others do not",
        rationale: """
            A statement identical to another (Sid aside), or whose actions and resources another \
            unconditional statement of the same effect and principal already covers, changes nothing.
            """,
        severity: .suggestion, category: .hygiene, issueCode: "REDUNDANT_STATEMENT",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, ↓{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        let statements = context.policy.statements
        var findings: [RuleFinding] = []
        for (index, statement) in statements.enumerated() {
            let cover = statements.enumerated().first { other in
                other.offset != index && Self.covers(other.element, statement, otherFirst: other.offset < index, context)
            }
            if let cover {
                findings.append(RuleFinding("statement \(statement.label) adds nothing to statement \(cover.element.label)", at: statement.span))
            }
        }
        return findings
    }

    /// Whether `outer` grants or denies everything `inner` does. Identical statements: only the later is redundant.
    static func covers(_ outer: Statement, _ inner: Statement, otherFirst: Bool, _ context: LintContext) -> Bool {
        guard outer.effect?.value == inner.effect?.value, outer.condition == nil, inner.condition == nil,
            let outerActions = outer.action, let innerActions = inner.action, !outerActions.isNegated, !innerActions.isNegated,
            let outerResources = outer.resource, let innerResources = inner.resource,
            !outerResources.isNegated, !innerResources.isNegated,
            principalText(outer) == principalText(inner)
        else { return false }
        let outerPatterns = context.actionPatterns(of: outer)
        let innerPatterns = context.actionPatterns(of: inner)
        func actionsCovered(_ values: [GlobPattern], by patterns: [GlobPattern]) -> Bool {
            values.allSatisfy { value in patterns.contains { $0.matches(value.description) } }
        }
        func resourcesCovered(_ values: [Located<String>], by patterns: [Located<String>]) -> Bool {
            values.allSatisfy { value in patterns.contains { $0.value == value.value || GlobPattern($0.value).matches(value.value) } }
        }
        guard actionsCovered(innerPatterns, by: outerPatterns), resourcesCovered(innerResources.values, by: outerResources.values)
        else { return false }
        // Two statements that cover each other are duplicates: report only the later one.
        let reverse = actionsCovered(outerPatterns, by: innerPatterns) && resourcesCovered(outerResources.values, by: innerResources.values)
        return !reverse || otherFirst
    }

    static func principalText(_ statement: Statement) -> String {
        guard let principal = statement.principal else { return "" }
        switch principal.value {
        case .wildcard: return "\(principal.isNegated)*"
        case .entries(let entries):
            return "\(principal.isNegated)" + entries.map { "\($0.kind.rawValue)=\($0.values.map(\.value).sorted())" }.sorted().joined()
        }
    }
}
