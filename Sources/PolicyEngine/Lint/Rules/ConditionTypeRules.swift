/// An operator of one type on a key of another: `NumericLessThan` on `aws:SourceIp`.
struct ConditionTypeMismatchRule: LintRule {
    static let description = RuleDescription(
        id: "condition-type-mismatch",
        summary: "Condition operators must suit the type of their key",
        rationale: """
            Each condition key has a type (String, ARN, Numeric, Date, Bool, IPAddress, or an array \
            of one), and the operator that tests it must be of that type: IAM compares \
            `NumericLessThan` on `aws:SourceIp` as numbers, which an address is not, so the \
            condition never holds ("IAM JSON policy elements: Condition operators", \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html: \
            "The condition operator that you can use in a policy depends on the condition key you \
            choose"). Key types come from the catalog. String operators on ARN keys are \
            `string-like-on-arn-key`'s concern, ARN operators on String keys are left alone (several \
            String keys hold ARNs), and so are Null, which suits every key, and keys the catalog \
            does not type.
            """,
        severity: .warning, category: .condition, issueCode: "TYPE_MISMATCH",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {↓"NumericLessThan": {"aws:SourceIp": "10"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {↓"StringEquals": {"s3:max-keys": "10"}, ↓"DateGreaterThan": {"aws:SecureTransport": "2026-01-01"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThanEquals": {"s3:max-keys": "10"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:SecureTransport": "true"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}, "StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}, "Null": {"aws:MultiFactorAuthAge": "false"}, "NumericGreaterThan": {"aws:EpochTime": "1767225600"}}}]}"#),
        ])

    static func accepts(_ family: ConditionOperator.Family, _ type: ConditionKeyType) -> Bool {
        switch (family, type) {
        case (.null, _), (.binary, _): return true
        case (.string, .string), (.string, .arn), (.arn, .arn), (.arn, .string): return true
        case (.numeric, .numeric), (.date, .date), (.bool, .bool), (.ipAddress, .ipAddress): return true
        default: return false
        }
    }

    static func operatorName(for type: ConditionKeyType) -> String {
        switch type {
        case .string, .arrayOfString: "a String operator (StringEquals, StringLike, …)"
        case .arn, .arrayOfARN: "an ARN operator (ArnEquals, ArnLike, …)"
        case .numeric: "a Numeric operator (NumericEquals, NumericLessThan, …)"
        case .date: "a Date operator (DateGreaterThan, …)"
        case .bool, .arrayOfBool: "Bool"
        case .ipAddress: "IpAddress or NotIpAddress"
        }
    }

    /// Keys AWS documents with a second type: aws:EpochTime holds a date as epoch seconds, which
    /// Numeric operators read as well.
    static let alsoAccepted: [String: ConditionOperator.Family] = ["aws:epochtime": .numeric]

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard let type = context.keyType(of: clause.key.value), !Self.accepts(op.family, type.elementType),
                Self.alsoAccepted[clause.key.value.lowercased()] != op.family
            else { return }
            findings.append(RuleFinding(
                "`\(clause.operatorName.value)` compares \(op.family.rawValue) values, but `\(clause.key.value)` is of type \(type.rawValue)",
                at: clause.operatorName.span, help: "use \(Self.operatorName(for: type))"))
        }
        return findings
    }
}

/// Values the operator cannot read: a Date operator with a value that is not a date, Bool with `yes`.
struct InvalidConditionValueRule: LintRule {
    static let description = RuleDescription(
        id: "invalid-condition-value",
        summary: "Condition values must be of the operator's type",
        rationale: """
            Numeric operators take numbers, Date operators ISO 8601 dates or epoch seconds, Bool \
            `true` or `false`, IpAddress an IPv4 or IPv6 address or CIDR range, BinaryEquals \
            base64, and Null `true` or `false` \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html). \
            A value of another kind never matches, so a positive condition is never true and a \
            negated one always is. An address with bits set after its prefix (`203.0.113.7/24`) is \
            read as its network, which is worth a suggestion. Bool with both `true` and `false` \
            holds for every request that has the key (INVALID_CONDITION_MULTIPLE_BOOLEAN). Values \
            with policy variables are \
            `policy-variable-syntax`'s concern.
            """,
        severity: .warning, category: .condition, issueCode: "TYPE_MISMATCH_NUMBER",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ↓"ten"}, "DateGreaterThan": {"aws:CurrentTime": ↓"next monday"}, "Bool": {"aws:SecureTransport": ↓"yes"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": [↓"203.0.113.300/24", ↓"198.51.100.7/24"]}, "Null": {"aws:TokenIssueTime": ↓"no"}, "Bool": {↓"aws:ViaAWSService": ["true", "false"]}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ["10", "2.5"]}, "DateGreaterThan": {"aws:CurrentTime": ["2026-01-01T00:00:00Z", "1767225600"]}, "Bool": {"aws:SecureTransport": ["True", "${aws:ViaAWSService}"]}, "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]}, "Null": {"aws:TokenIssueTime": "false"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            if op.family == .bool, op.qualifier == nil {
                let texts = Set(clause.values.map { $0.value.text.lowercased() })
                if texts.contains("true"), texts.contains("false") {
                    findings.append(RuleFinding("`\(clause.key.value)` is tested for both `true` and `false`, which every value passes",
                        at: clause.key.span, help: "keep the one value meant; to require the key, use `Null` with `false`",
                        issueCode: "INVALID_CONDITION_MULTIPLE_BOOLEAN"))
                }
            }
            for located in clause.values {
                let text = located.value.text
                if text.mayHoldPolicyVariable { continue }
                switch op.family {
                case .numeric where ConditionNumber.parse(text) == nil:
                    findings.append(RuleFinding("`\(text)` is not a number, so `\(clause.operatorName.value)` never matches it",
                        at: located.span, help: "write a number, such as `10` or `2.5`"))
                case .date where ConditionDate.parse(text) == nil:
                    findings.append(RuleFinding("`\(text)` is not a date", at: located.span,
                        help: "write an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
                        issueCode: "TYPE_MISMATCH_DATE"))
                case .bool where !Self.isBool(text), .null where !Self.isBool(text):
                    findings.append(RuleFinding("`\(text)` is not `true` or `false`", at: located.span,
                        help: "write `true` or `false`", issueCode: "TYPE_MISMATCH_BOOLEAN"))
                case .ipAddress:
                    guard let network = IPNetwork(text) else {
                        findings.append(RuleFinding("`\(text)` is not an IP address or CIDR range", at: located.span,
                            help: "write an address such as `203.0.113.7` or a range such as `203.0.113.0/24`",
                            issueCode: "TYPE_MISMATCH_IP_RANGE", severity: .error))
                        continue
                    }
                    if network.hasHostBits {
                        findings.append(RuleFinding("`\(text)` has bits set after its /\(network.prefixLength) prefix, which IAM ignores",
                            at: located.span, help: "write the network address of the range", issueCode: "IMPROVE_IP_RANGE",
                            severity: .suggestion))
                    }
                case .binary where !Self.isBase64(text):
                    findings.append(RuleFinding("`\(text)` is not base64", at: located.span,
                        help: "BinaryEquals compares base64-encoded values", issueCode: "TYPE_MISMATCH_STRING"))
                default:
                    continue
                }
            }
        }
        return findings
    }

    static func isBool(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered == "true" || lowered == "false"
    }

    static func isBase64(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count % 4 == 0 else { return false }
        let body = text.utf8.reversed().drop { $0 == UInt8(ascii: "=") }
        return text.utf8.count - body.count <= 2 && body.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 43 || byte == 47
        }
    }
}

extension IPNetwork {
    /// True when an address bit after the prefix is set (`10.0.0.1/8`).
    var hasHostBits: Bool {
        let total = isIPv6 ? 128 : 32
        for bit in prefixLength..<total where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { return true }
        return false
    }
}

/// StringLike on an ARN-typed key: ArnLike reads the ARN field by field.
struct StringLikeOnARNKeyRule: LintRule {
    static let description = RuleDescription(
        id: "string-like-on-arn-key",
        summary: "ARN condition keys are better tested with ARN operators",
        rationale: """
            StringLike on an ARN key such as aws:SourceArn or aws:PrincipalArn matches the whole \
            text, so a `*` runs across the colons between fields: `arn:aws:sns:*:111122223333:*` \
            also matches an ARN whose later fields merely contain those characters. ArnLike \
            compares field by field, which is what ARN keys are typed for (Access Analyzer's \
            STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS, \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). \
            A suggestion: the condition still restricts.
            """,
        severity: .suggestion, category: .condition, issueCode: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {↓"StringLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}, "StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard op.family == .string, op.comparison == .like, let type = context.keyType(of: clause.key.value),
                type.elementType == .arn
            else { return }
            let replacement = clause.operatorName.value.replacingAll("String", with: "Arn")
            findings.append(RuleFinding("`\(clause.key.value)` is an ARN key tested with `\(clause.operatorName.value)`",
                at: clause.operatorName.span, help: "use `\(replacement)`, which compares the ARN field by field"))
        }
        return findings
    }
}

/// ForAllValues on a key that holds one value: true whenever the key is missing.
struct ForAllValuesSingleValuedRule: LintRule {
    static let description = RuleDescription(
        id: "forallvalues-with-single-valued-key",
        summary: "ForAllValues should only qualify multi-valued keys",
        rationale: """
            ForAllValues is true when every value of the key in the request is in the policy's list, \
            which it is, vacuously, when the key is missing. On a key that holds one value it adds \
            nothing but that: `ForAllValues:StringEquals` on aws:PrincipalOrgID in an Allow grants \
            to every request that has no organization at all ("Set operators for multivalued \
            context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html). \
            Every statement is checked (parliament's version of this check stops at the first \
            statement without a condition). A security warning for global keys, whose types are \
            kept by hand; a warning for service keys, whose String types in the Service Authorization \
            Reference are not always exact (AWS's own examples put ForAllValues on \
            codestar-connections:ProviderAction, typed String).
            """,
        severity: .securityWarning, category: .condition, issueCode: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {↓"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {↓"ForAllValues:StringLike": {"s3:prefix": "home/*"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard op.qualifier == .forAllValues, op.family != .null, let type = context.keyType(of: clause.key.value),
                !type.isMultiValued
            else { return }
            let isGlobal = clause.key.value.lowercased().hasPrefix("aws:")
            findings.append(RuleFinding(
                "`\(clause.key.value)` holds one value, so `\(clause.operatorName.value)` is also true when it is missing",
                at: clause.operatorName.span,
                help: "drop `ForAllValues:`: the operator alone is false when the key is missing",
                severity: isGlobal ? nil : .warning))
        }
        return findings
    }
}

/// A multi-valued key tested without ForAllValues or ForAnyValue.
struct MissingQualifierRule: LintRule {
    static let description = RuleDescription(
        id: "missing-set-qualifier",
        summary: "Multi-valued condition keys need ForAllValues or ForAnyValue",
        rationale: """
            Keys such as aws:TagKeys, aws:CalledVia and aws:PrincipalOrgPaths hold a set of values. \
            An operator without a set qualifier on them does not say whether any or every value must \
            match, and AWS advises using ForAllValues or ForAnyValue with every multivalued key \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html). \
            Access Analyzer reports it as MISSING_QUALIFIER; here it is a warning, since IAM accepts \
            the policy and one AWS managed policy does it. Null needs no qualifier.
            """,
        severity: .warning, category: .condition, issueCode: "MISSING_QUALIFIER",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {↓"StringEquals": {"aws:TagKeys": "owner"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": "owner"}, "Null": {"aws:TagKeys": "false"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard op.qualifier == nil, op.family != .null, let type = context.keyType(of: clause.key.value), type.isMultiValued
            else { return }
            findings.append(RuleFinding(
                "`\(clause.key.value)` holds several values; `\(clause.operatorName.value)` does not say whether any or all must match",
                at: clause.operatorName.span,
                help: "write `ForAnyValue:\(clause.operatorName.value)` (at least one matches) or `ForAllValues:\(clause.operatorName.value)` (every one does)"))
        }
        return findings
    }
}
