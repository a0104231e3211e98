/// Condition keys that no service defines: IAM ignores the clause's intent (a misspelt key
/// is simply missing from every request).
struct UnknownConditionKeyRule: LintRule {
    static let description = RuleDescription(
        id: "unknown-condition-key",
        summary: "Condition keys must be ones AWS defines",
        rationale: """
            A misspelt key is never present in a request, so the condition behaves as if the key were \
            missing: a positive operator never matches, a negated one always does. Keys are checked \
            against the catalog's global and service keys, templated tag keys included \
            (aws:ResourceTag/<key>, s3:ExistingObjectTag/<key>). Identity-provider keys in trust \
            policies (token.actions.githubusercontent.com:sub, accounts.google.com:aud, SAML:aud, \
            <oidc-host>:sub) are valid though the catalog does not list them, and so are keys a \
            service defines under another prefix (aws-marketplace's catalog:ChangeType). A tag key \
            without its tag (`aws:ResourceTag` alone) is MISSING_TAG_KEY_IN_CONDITION. An error in a \
            Deny, a warning in an Allow, as for unknown actions.
            """,
        severity: .error, category: .condition, issueCode: "INVALID_GLOBAL_CONDITION_KEY",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {↓"aws:SecureTransports": "false"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {↓"s3:prefixes": "home/*"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aws-marketplace:StartChangeSet", "Resource": "*", "Condition": {"StringEquals": {↓"catalogs:ChangeType": "AddRevisions"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEquals": {↓"aws:ResourceTag": "prod", ↓"ec2:ResourceTag/": "prod"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/Team": "red", "AWS:SourceIp": "203.0.113.7", "s3:ExistingObjectTag/env": "prod"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aws-marketplace:StartChangeSet", "Resource": "*", "Condition": {"StringEquals": {"catalog:ChangeType": "AddRevisions"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}}]}"#, policyType: .trust),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var seen = Set<Int>()
        for statement in context.policy.statements {
            let severity: Severity = statement.effect?.value == .deny ? .error : .warning
            for clause in statement.condition?.clauses ?? [] where seen.insert(clause.key.span.start).inserted {
                let key = clause.key.value
                guard let colon = key.firstIndex(of: ":") else {
                    findings.append(RuleFinding("`\(key)` is not a condition key: expected `service:key`", at: clause.key.span,
                        issueCode: "INVALID_CONDITION_KEY_FORMAT"))
                    continue
                }
                let prefix = key[..<colon].lowercased()
                // Identity-provider keys: hosts (with a dot) and SAML attributes.
                if prefix.contains(".") || prefix == "saml" { continue }
                if context.catalog.conditionKey(named: key) != nil { continue }
                if DeprecatedGlobalKeyRule.replacements[key.lowercased()] != nil { continue }
                let isGlobal = prefix == "aws"
                // `aws:ResourceTag` or `ec2:ResourceTag/` without the tag key after the slash.
                let stem = key.hasSuffix("/") ? String(key.dropLast()) : key
                if !stem.contains("/"), context.catalog.conditionKey(named: stem + "/tag") != nil {
                    findings.append(RuleFinding("`\(key)` names no tag key", at: clause.key.span,
                        help: "write `\(stem)/<tag key>`, such as `\(stem)/team`", issueCode: "MISSING_TAG_KEY_IN_CONDITION",
                        severity: severity))
                    continue
                }
                if !isGlobal, context.catalog.service(prefix) == nil {
                    // Some services define keys under another prefix; look through every service once.
                    if ConditionKeyIndex.shared.isDefined(key, catalog: context.catalog) { continue }
                    findings.append(RuleFinding("`\(prefix)` is not a service prefix, so `\(key)` is not a condition key",
                        at: clause.key.span, issueCode: "INVALID_SERVICE_CONDITION_KEY", severity: severity))
                    continue
                }
                let suggestion = context.catalog.suggestion(forConditionKey: key)
                findings.append(RuleFinding(
                    isGlobal ? "`\(key)` is not a global condition key" : "`\(key)` is not a condition key of `\(prefix)`",
                    at: clause.key.span, help: suggestion.map { "did you mean `\($0)`?" },
                    issueCode: isGlobal ? "INVALID_GLOBAL_CONDITION_KEY" : "INVALID_SERVICE_CONDITION_KEY", severity: severity))
            }
        }
        return findings
    }
}

/// Every condition key name of every service, for keys whose prefix is not their service's.
final class ConditionKeyIndex: @unchecked Sendable {
    static let shared = ConditionKeyIndex()
    private let lock = Lock()
    private var names: Set<String>?

    func isDefined(_ key: String, catalog: ServiceCatalog) -> Bool {
        let lowered = key.lowercased()
        let known = lock.withLock { () -> Set<String> in
            if let names { return names }
            catalog.loadAllServices()
            var all = Set<String>()
            for prefix in catalog.servicePrefixes + catalog.retiredServicePrefixes {
                for conditionKey in catalog.service(prefix)?.conditionKeys ?? [] { all.insert(conditionKey.name.lowercased()) }
            }
            names = all
            return all
        }
        return known.contains(lowered)
    }
}
