/// Condition operators IAM does not know: the whole condition then fails to evaluate.
struct UnknownConditionOperatorRule: LintRule {
    static let description = RuleDescription(
        id: "unknown-condition-operator",
        summary: "Condition operators must be ones IAM knows",
        rationale: """
            IAM rejects a policy with an unknown operator (names are case-sensitive: `StringEquals`, \
            not `stringEquals`), and `Null` takes no IfExists suffix.
            """,
        severity: .error, category: .condition, issueCode: "INVALID_CONDITION_OPERATOR",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {↓"StringEqual": {"aws:PrincipalTag/team": "red"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {↓"NullIfExists": {"aws:TokenIssueTime": "true"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringNotEqualsIfExists": {"aws:TagKeys": "secret"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var seen = Set<Int>()
        for statement in context.policy.statements {
            for clause in statement.condition?.clauses ?? [] where seen.insert(clause.operatorName.span.start).inserted {
                let name = clause.operatorName.value
                guard context.conditionOperator(named: name) == nil else { continue }
                if name.hasPrefix("Null"), name.hasSuffix("IfExists") {
                    findings.append(RuleFinding("`Null` cannot take the IfExists suffix", at: clause.operatorName.span,
                        help: "use `Null` alone: it already handles a missing key", issueCode: "NULL_WITH_IF_EXISTS"))
                    continue
                }
                let base = name.split(separator: ":").last.map(String.init) ?? name
                let suggestion = Suggestions.closest(to: base.hasSuffix("IfExists") ? String(base.dropLast(8)) : base,
                    among: ConditionOperator.baseNames)
                findings.append(RuleFinding("`\(name)` is not a condition operator", at: clause.operatorName.span,
                    help: suggestion.map { "did you mean `\($0)`?" }))
            }
        }
        return findings
    }
}

/// `ForAllValues:Null` / `ForAnyValue:Null`: always true or always false.
struct NullWithQualifierRule: LintRule {
    static let description = RuleDescription(
        id: "null-with-qualifier",
        summary: "Null should not take a set qualifier",
        rationale: "With ForAllValues or ForAnyValue, Null always returns true or false respectively, whatever the request.",
        severity: .suggestion, category: .condition, issueCode: "NULL_WITH_QUALIFIER",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {↓"ForAllValues:Null": {"aws:TagKeys": "true"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "true"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var seen = Set<Int>()
        for statement in context.policy.statements {
            for clause in statement.condition?.clauses ?? [] where seen.insert(clause.operatorName.span.start).inserted {
                guard let op = context.conditionOperator(named: clause.operatorName.value), op.family == .null, op.qualifier != nil else { continue }
                findings.append(RuleFinding("`\(clause.operatorName.value)` is always \(op.qualifier == .forAllValues ? "true" : "false")",
                    at: clause.operatorName.span, help: "use `Null` without a qualifier"))
            }
        }
        return findings
    }
}

/// A `*` or `?` in the value of an operator that compares exactly.
struct WildcardWithoutLikeRule: LintRule {
    static let description = RuleDescription(
        id: "wildcard-without-like",
        summary: "Wildcards in condition values need a Like operator",
        rationale: """
            StringEquals and ArnEquals compare exactly (ArnEquals behaves like ArnLike, but the \
            intent is unclear): `"aws:PrincipalArn": "arn:aws:iam::*:role/admin"` under StringEquals \
            matches only that literal text, so the condition never holds for a real caller.
            """,
        severity: .warning, category: .condition, issueCode: "WILDCARD_WITHOUT_LIKE_OPERATOR",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": ↓"home/*"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "home/${*}"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            for clause in statement.condition?.clauses ?? [] {
                guard let op = context.conditionOperator(named: clause.operatorName.value), op.family == .string,
                    op.comparison == .equals || op.comparison == .equalsIgnoreCase
                else { continue }
                // Removing the escapes only deletes text: without a wildcard to begin with there is none after.
                for value in clause.values
                where value.value.text.hasWildcard && value.value.text.replacingAll("${*}", with: "").replacingAll("${?}", with: "").hasWildcard {
                    findings.append(RuleFinding(
                        "`\(value.value.text)` is compared literally by `\(clause.operatorName.value)`; its wildcard matches only itself",
                        at: value.span, help: "use `\(clause.operatorName.value.replacingAll("Equals", with: "Like").replacingAll("IgnoreCase", with: ""))`"))
                }
            }
        }
        return findings
    }
}

/// A Deny on `aws:MultiFactorAuthPresent` with Bool: long-term access keys slip through.
struct MFABoolInDenyRule: LintRule {
    static let description = RuleDescription(
        id: "mfa-deny-without-if-exists",
        summary: "A Deny on missing MFA must use BoolIfExists",
        rationale: """
            aws:MultiFactorAuthPresent exists only in requests made with temporary credentials. \
            `"Bool": {"aws:MultiFactorAuthPresent": "false"}` in a Deny is false for a request \
            signed with a long-term access key (the key is missing), so exactly the credentials \
            without MFA are let through. Use BoolIfExists, which is true when the key is missing.
            """,
        severity: .securityWarning, category: .condition,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {↓"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.denyStatements {
            for clause in statement.condition?.clauses ?? [] where clause.operatorName.value == "Bool"
                && clause.key.value.lowercased() == "aws:multifactorauthpresent"
                && clause.values.contains(where: { $0.value.text.lowercased() == "false" })
            {
                findings.append(RuleFinding(
                    "this Deny does not apply to long-term access keys, which carry no `aws:MultiFactorAuthPresent`",
                    at: clause.operatorName.span, help: "use `BoolIfExists`"))
            }
        }
        return findings
    }
}
