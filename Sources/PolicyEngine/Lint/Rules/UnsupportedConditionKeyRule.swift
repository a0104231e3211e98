/// A service condition key that none of the statement's actions supports.
struct UnsupportedConditionKeyRule: LintRule {
    static let description = RuleDescription(
        id: "condition-key-not-supported",
        summary: "Service condition keys should apply to one of the statement's actions",
        rationale: """
            A service sets its condition keys only in requests for the actions (and resource types) \
            the Service Authorization Reference lists them for \
            (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html). \
            When none of the statement's actions supports the key, requests never carry it: a \
            positive condition on it never holds (the statement does nothing) and a negated one, or \
            an IfExists, always holds (the condition restricts nothing). In a Deny that leaves the \
            actions allowed, so it is a security warning there. Global (`aws:`) keys, \
            cross-service keys such as ec2:SourceInstanceArn, identity-provider keys, keys the \
            catalog does not know and NotAction statements are left alone, and so are keys a \
            service defines but lists for none of its actions (aws-marketplace:ProductId): the \
            reference does not say which actions carry them. For a wildcard action, any action it \
            matches supporting the key is enough.
            """,
        severity: .warning, category: .condition, issueCode: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {↓"ec2:InstanceType": "t3.micro"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["iam:CreateUser", "iam:DeleteUser"], "Resource": "*", "Condition": {"StringNotEquals": {↓"iam:PassedToService": "ec2.amazonaws.com"}}}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:RunInstances", "s3:GetObject"], "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro", "aws:RequestedRegion": "eu-west-1"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Pass*", "s3:Get*"], "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com", "s3:ExistingObjectTag/team": "red"}}}]}"#),
        ])

    private static let support = CatalogMemo<Bool?>()
    /// Whether a key is a service key the catalog knows and not a cross-service one.
    private static let isCandidate = CatalogMemo<Bool>()

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            guard let condition = statement.condition, let element = statement.action, !element.isNegated,
                !element.values.contains(where: { $0.value.isWildcardOnly })
            else { continue }
            for clause in condition.clauses {
                let key = clause.key.value
                guard let colon = key.firstIndex(of: ":") else { continue }
                let prefix = key[..<colon].lowercased()
                if prefix == "aws" || prefix == "saml" || prefix.contains(".") { continue }
                guard Self.isCandidate.value(for: key, catalog: context.catalog, compute: {
                    // Cross-service keys (ec2:SourceInstanceArn, glue:RoleAssumedBy) are in every request.
                    if context.catalog.globalConditionKey(named: key) != nil { return false }
                    return context.catalog.conditionKey(named: key) != nil
                        || ConditionKeyIndex.shared.isDefined(key, catalog: context.catalog)
                }) else { continue }
                var anyKnownAction = false
                var supported = false
                for (value, facts) in zip(element.values, context.actionFacts(of: statement)) {
                    let answer = Self.support.value(for: value.value + "\u{0}" + key, catalog: context.catalog) { () -> Bool? in
                        let actions = facts.currentActions
                        if actions.isEmpty { return nil }
                        return actions.contains { Self.supports($0, key) || Self.isServiceLevel(key, of: $0.service) }
                    }
                    guard let answer else { continue }
                    anyKnownAction = true
                    if answer { supported = true; break }
                }
                guard anyKnownAction, !supported else { continue }
                let isDeny = statement.effect?.value == .deny
                findings.append(RuleFinding(
                    "none of this statement's actions supports `\(key)`, so requests for them never carry it",
                    at: clause.key.span,
                    help: isDeny ? "this Deny then behaves as if the key were missing; use a key these actions support"
                        : "use a key these actions support, or move the condition to a statement with actions that have it",
                    severity: isDeny ? .securityWarning : nil))
            }
        }
        return findings
    }

    private static let referenced = CatalogMemo<Set<String>>()

    /// A key the service defines but lists for none of its actions or resource types
    /// (aws-marketplace:ProductId, iottwinmaker:linkedServices): the reference does not say which
    /// actions carry it, so any action of the service may.
    static func isServiceLevel(_ key: String, of service: Service) -> Bool {
        guard key.lowercased().hasPrefix(service.prefix + ":"),
            let defined = service.conditionKey(named: key), !defined.isTemplate
        else { return false }
        let names = referenced.value(for: service.prefix, catalog: .shared) {
            var names = Set<String>()
            for action in service.actions {
                for listed in action.conditionKeys { names.insert(listed.name.lowercased()) }
            }
            for type in service.resourceTypes {
                for listed in type.conditionKeys { names.insert(listed.name.lowercased()) }
            }
            return names
        }
        return !names.contains(defined.name.lowercased())
    }

    /// Whether `action` lists `key`, or a tag-style key of the same stem: the reference writes
    /// the tag placeholder in several ways (`${TagKey}`, `<key>`, and literally `tag-key` in
    /// `secretsmanager:ResourceTag/tag-key`), so `secretsmanager:ResourceTag/owner` matches by its
    /// part up to the first `/`.
    static func supports(_ action: Action, _ key: String) -> Bool {
        if action.conditionKey(named: key) != nil { return true }
        guard let slash = key.firstIndex(of: "/") else { return false }
        let stem = key[...slash]
        var candidates = action.conditionKeys
        for resource in action.resourceTypes { candidates += resource.resourceType.conditionKeys }
        return candidates.contains { candidate in
            candidate.name.count > stem.count && candidate.name.prefix(stem.count).lowercased() == stem.lowercased()
        }
    }
}
