/// Malformed or misplaced policy variables (`${aws:username}`).
struct PolicyVariableRule: LintRule {
    static let description = RuleDescription(
        id: "policy-variable-syntax",
        summary: "Policy variables must be well-formed and where IAM substitutes them",
        rationale: """
            IAM substitutes `${key}` (or `${key, 'default'}`) in the Resource element and in \
            condition values, only under Version 2012-10-17; under 2008-10-17 or without a Version \
            the text stays literal and matches nothing. A variable needs its closing brace, a name \
            without spaces, and a default in single quotes; `${*}`, `${?}` and `${$}` stand for the \
            literal characters. Variables in Action or Principal, or in the value of a Numeric, \
            Date, IpAddress, Binary or Null operator, are not substituted \
            ("IAM policy elements: Variables and tags", \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). \
            Codes are Access Analyzer's MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, \
            UNSUPPORTED_SPACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE, VARIABLE_UNSUPPORTED_IN_ELEMENT, \
            INVALID_VARIABLE_FOR_OPERATOR and VARIABLE_UNSUPPORTED_IN_VERSION.
            """,
        severity: .error, category: .validity, issueCode: "MISSING_BRACE_IN_VARIABLE",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [↓"arn:aws:s3:::b/${aws:username/*", ↓"arn:aws:s3:::b/${}/*", ↓"arn:aws:s3:::b/${aws: username}/*", ↓"arn:aws:s3:::b/${aws:PrincipalTag/team, none}/*"]}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"s3:${aws:username}", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ↓"${aws:PrincipalTag/limit}"}}}]}"#),
            Example(#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ↓"arn:aws:s3:::b/${aws:username}/*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "shared/${aws:PrincipalTag/team, 'none'}/*", "literal-${*}"]}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var firstVariable: SourceSpan?
        let substitutes = context.policy.substitutesVariables
        for statement in context.policy.statements {
            for value in statement.action?.values ?? [] where value.value.mayHoldPolicyVariable {
                findings.append(RuleFinding("policy variables are not substituted in `\(statement.action!.isNegated ? "NotAction" : "Action")`",
                    at: value.span, help: "name the actions; variables work in Resource and Condition values",
                    issueCode: "VARIABLE_UNSUPPORTED_IN_ELEMENT"))
            }
            if case .entries(let entries) = statement.principal?.value {
                for entry in entries {
                    for value in entry.values where value.value.mayHoldPolicyVariable {
                        findings.append(RuleFinding("policy variables are not substituted in `Principal`", at: value.span,
                            help: "name the principal, and test variables in a Condition instead",
                            issueCode: "VARIABLE_UNSUPPORTED_IN_ELEMENT"))
                    }
                }
            }
            for value in statement.resource?.values ?? [] where value.value.mayHoldPolicyVariable {
                firstVariable = firstVariable ?? value.span
                if let problem = Self.syntaxProblem(value.value) {
                    findings.append(RuleFinding(problem.message, at: value.span, help: problem.help, issueCode: problem.code))
                }
            }
            for clause in statement.condition?.clauses ?? [] {
                let op = context.conditionOperator(named: clause.operatorName.value)
                for value in clause.values where value.value.text.mayHoldPolicyVariable {
                    firstVariable = firstVariable ?? value.span
                    if let problem = Self.syntaxProblem(value.value.text) {
                        findings.append(RuleFinding(problem.message, at: value.span, help: problem.help, issueCode: problem.code))
                    } else if let op, op.family != .string, op.family != .arn, op.family != .bool {
                        findings.append(RuleFinding(
                            "`\(clause.operatorName.value)` does not substitute policy variables; `\(value.value.text)` is compared as written",
                            at: value.span, help: "use a String or ARN operator, or a literal value",
                            issueCode: "INVALID_VARIABLE_FOR_OPERATOR"))
                    }
                }
            }
        }
        if !substitutes, let span = firstVariable {
            let version = context.policy.version.map { "under Version \($0.value)" } ?? "without a Version"
            findings.append(RuleFinding("policy variables are not substituted \(version), so this `${…}` is literal text",
                at: span, help: "set \"Version\": \"2012-10-17\"", issueCode: "VARIABLE_UNSUPPORTED_IN_VERSION"))
        }
        return findings
    }

    static func syntaxProblem(_ text: String) -> (message: String, help: String, code: String)? {
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                return ("the policy variable in `\(text)` has no closing `}`", "close it: `${aws:username}`",
                    "MISSING_BRACE_IN_VARIABLE")
            }
            let body = rest[open.upperBound..<close]
            rest = rest[rest.index(after: close)...]
            if ["*", "?", "$"].contains(body) { continue }
            let parts = body.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].trimmingSpaces()
            if key.isEmpty {
                return ("`${\(body)}` in `\(text)` names no key", "write a key, such as `${aws:username}`", "EMPTY_VARIABLE")
            }
            if key.contains(" ") {
                return ("the policy variable `${\(body)}` has a space in its name", "remove the space",
                    "UNSUPPORTED_SPACE_IN_VARIABLE")
            }
            if parts.count == 2 {
                let fallback = parts[1].trimmingSpaces()
                if fallback.count < 2 || fallback.first != "'" || fallback.last != "'" {
                    return ("the default of `${\(body)}` must be in single quotes", "write `${\(key), '\(fallback)'}`",
                        "MISSING_QUOTE_IN_VARIABLE")
                }
            }
        }
        return nil
    }
}
