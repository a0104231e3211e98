/// `"Null": {"aws:MultiFactorAuthPresent": "false"}` in an Allow: any temporary credentials pass.
struct MFANullCheckRule: LintRule {
    static let description = RuleDescription(
        id: "mfa-null-check",
        summary: "A Null check on aws:MultiFactorAuthPresent does not require MFA",
        rationale: """
            aws:MultiFactorAuthPresent is in the request context whenever the caller uses temporary \
            credentials, with the value false when they were obtained without MFA \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent). \
            `"Null": {"aws:MultiFactorAuthPresent": "false"}` only asks that the key exist, so an \
            Allow written with it grants to every session, MFA or not. Use \
            `"Bool": {"aws:MultiFactorAuthPresent": "true"}`. This is the Null branch of \
            parliament's BAD_PATTERN_FOR_MFA, which a bug keeps from ever firing there.
            """,
        severity: .securityWarning, category: .condition,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {↓"Null": {"aws:MultiFactorAuthPresent": "false"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { statement, clause, op in
            guard statement.effect?.value == .allow, op.family == .null, op.qualifier == nil,
                clause.key.value.lowercased() == "aws:multifactorauthpresent",
                clause.values.contains(where: { $0.value.text.lowercased() == "false" })
            else { return }
            findings.append(RuleFinding(
                "this only checks that `aws:MultiFactorAuthPresent` exists, which it does for every temporary credential, with or without MFA",
                at: clause.operatorName.span, help: "use `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}`"))
        }
        return findings
    }
}

/// aws:SourceIp with private ranges: AWS never sees a private source address there.
struct SourceIPPrivateRangeRule: LintRule {
    static let description = RuleDescription(
        id: "source-ip-private-range",
        summary: "Conditions on aws:SourceIp should name public addresses",
        rationale: """
            aws:SourceIp holds the public address a request comes from; a request through a VPC \
            endpoint carries no aws:SourceIp at all, and its private address is in aws:VpcSourceIp \
            instead (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip). \
            So `IpAddress` with only private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, \
            loopback, link-local, 100.64.0.0/10, fc00::/7, fe80::/10) never matches, and \
            `NotIpAddress` with only private ranges always does: errors, as Access Analyzer's \
            PRIVATE_IP_ADDRESS and PRIVATE_NOT_IP_ADDRESS. Private ranges mixed with public ones \
            are a suggestion (PRIVATE_IP_ADDRESS_SUBSET, PRIVATE_NOT_IP_ADDRESS_SUBSET).
            """,
        severity: .error, category: .condition, issueCode: "PRIVATE_IP_ADDRESS",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ↓"10.0.0.0/8"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", ↓"192.168.1.0/24"]}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "0.0.0.0/0"], "aws:VpcSourceIp": "10.0.0.0/8"}}}]}"#),
        ])

    static let privateRanges: [IPNetwork] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        "fc00::/7", "fe80::/10", "::1/128",
    ].compactMap { IPNetwork($0) }

    static func isPrivate(_ network: IPNetwork) -> Bool {
        privateRanges.contains { range in
            guard range.isIPv6 == network.isIPv6, network.prefixLength >= range.prefixLength else { return false }
            for bit in 0..<range.prefixLength {
                let mask = UInt8(0x80) >> UInt8(bit % 8)
                if range.bytes[bit / 8] & mask != network.bytes[bit / 8] & mask { return false }
            }
            return true
        }
    }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard op.family == .ipAddress, clause.key.value.lowercased() == "aws:sourceip" else { return }
            let parsed = clause.values.compactMap { value in IPNetwork(value.value.text).map { (value, $0) } }
            let privateOnes = parsed.filter { Self.isPrivate($0.1) }
            guard !privateOnes.isEmpty else { return }
            let all = privateOnes.count == parsed.count
            for (value, _) in privateOnes {
                if all {
                    findings.append(RuleFinding(
                        op.isNegated
                            ? "`\(value.value.text)` is private: aws:SourceIp is never in it, so this `NotIpAddress` always holds"
                            : "`\(value.value.text)` is private: aws:SourceIp is never in it, so this condition never holds",
                        at: value.span, help: "use aws:VpcSourceIp for addresses inside a VPC",
                        issueCode: op.isNegated ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS"))
                } else {
                    findings.append(RuleFinding("`\(value.value.text)` is private: aws:SourceIp is never in it", at: value.span,
                        help: "move private ranges to an aws:VpcSourceIp condition",
                        issueCode: op.isNegated ? "PRIVATE_NOT_IP_ADDRESS_SUBSET" : "PRIVATE_IP_ADDRESS_SUBSET",
                        severity: .suggestion))
                }
            }
        }
        return findings
    }
}

/// s3:prefix in a Deny or with a negated operator: a shorter prefix lists the same keys.
struct S3PrefixNegativeRule: LintRule {
    static let description = RuleDescription(
        id: "list-prefix-in-negative-context",
        summary: "A negative condition on s3:prefix cannot keep keys out of a listing",
        rationale: """
            s3:prefix is the prefix the caller asks to list, not the keys returned. A Deny on \
            `s3:prefix` `secret/*`, or an Allow with `StringNotLike` on it, is bypassed by listing \
            with a shorter prefix (or none), which returns the same keys. Grant listing with a \
            positive condition on the prefixes allowed instead (Access Analyzer's \
            S3_PREFIX_IN_NEGATIVE_CONTEXT, \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
            """,
        severity: .securityWarning, category: .condition, issueCode: "S3_PREFIX_IN_NEGATIVE_CONTEXT",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {↓"s3:prefix": "secret/*"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringNotLike": {↓"s3:prefix": "secret/*"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", ""]}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { statement, clause, op in
            guard clause.key.value.lowercased() == "s3:prefix", op.family == .string else { return }
            let isDeny = statement.effect?.value == .deny
            guard isDeny != op.isNegated else { return }
            findings.append(RuleFinding(
                isDeny ? "a Deny on `s3:prefix` is bypassed by listing with a shorter prefix"
                    : "`\(clause.operatorName.value)` on `s3:prefix` is bypassed by listing with a shorter prefix",
                at: clause.key.span, help: "allow the prefixes that may be listed with a positive condition instead"))
        }
        return findings
    }
}

/// `StringLike` with `*` only asks whether the key exists; `StringNotLike` with `*` whether it is missing.
struct EquivalentToNullRule: LintRule {
    static let description = RuleDescription(
        id: "condition-equivalent-to-null",
        summary: "A wildcard-only Like condition is a Null check in disguise",
        rationale: """
            `"StringLike": {"key": "*"}` is true exactly when the key is present, which is \
            `"Null": {"key": "false"}`; `StringNotLike` with `*` is true exactly when it is missing \
            (`"Null": {"key": "true"}`), with or without IfExists; and `StringLikeIfExists` with `*` \
            is always true, so the key restricts nothing. Writing the Null check says what is meant \
            (Access Analyzer's EQUIVALENT_TO_NULL_FALSE, EQUIVALENT_TO_NULL_TRUE and \
            REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION, \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
            """,
        severity: .suggestion, category: .condition, issueCode: "EQUIVALENT_TO_NULL_FALSE",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLike": {↓"aws:RequestTag/team": "*"}, "StringNotLike": {↓"aws:RequestTag/owner": "*"}, "StringLikeIfExists": {↓"aws:RequestTag/env": ["prod", "*"]}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLike": {"aws:RequestTag/team": "t-*"}, "Null": {"aws:RequestTag/owner": "true"}, "ForAnyValue:StringLike": {"aws:TagKeys": "*"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, op in
            guard op.family == .string, op.comparison == .like, op.qualifier == nil,
                clause.values.contains(where: { $0.value.text.isWildcardOnly })
            else { return }
            let key = clause.key.value
            if op.isNegated {
                findings.append(RuleFinding("`\(clause.operatorName.value)` with `*` holds only when `\(key)` is missing",
                    at: clause.key.span, help: "write `\"Null\": {\"\(key)\": \"true\"}`", issueCode: "EQUIVALENT_TO_NULL_TRUE"))
            } else if op.ifExists {
                findings.append(RuleFinding("`\(clause.operatorName.value)` with `*` always holds, so `\(key)` restricts nothing",
                    at: clause.key.span, help: "remove the key, or list the values allowed",
                    issueCode: "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION"))
            } else {
                findings.append(RuleFinding("`\(clause.operatorName.value)` with `*` holds whenever `\(key)` is present",
                    at: clause.key.span, help: "write `\"Null\": {\"\(key)\": \"false\"}`"))
            }
        }
        return findings
    }
}

/// Global keys AWS has replaced.
struct DeprecatedGlobalKeyRule: LintRule {
    /// Lower-cased deprecated key, and its replacement.
    static let replacements: [String: String] = ["aws:arn": "aws:PrincipalArn"]

    static let description = RuleDescription(
        id: "deprecated-global-condition-key",
        summary: "Deprecated global condition keys should be replaced",
        rationale: """
            Access Analyzer recommends replacing `aws:ARN` with the newer aws:PrincipalArn \
            (DEPRECATED_GLOBAL_CONDITION_KEY, \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html); \
            the AWS list of global keys documents only aws:PrincipalArn \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). \
            `unknown-condition-key` leaves the old key to this rule.
            """,
        severity: .warning, category: .condition, issueCode: "DEPRECATED_GLOBAL_CONDITION_KEY",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ArnNotLike": {↓"aws:ARN": "arn:aws:iam::111122223333:role/admin"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.forEachClause { _, clause, _ in
            guard let replacement = Self.replacements[clause.key.value.lowercased()] else { return }
            findings.append(RuleFinding("`\(clause.key.value)` is deprecated", at: clause.key.span,
                help: "use `\(replacement)`"))
        }
        return findings
    }
}
