/// Actions none of whose resource types any Resource value of the statement can name.
struct ResourceTypeMismatchRule: LintRule {
    static let description = RuleDescription(
        id: "resource-type-mismatch",
        summary: "Each action should apply to at least one of its statement's resources",
        rationale: """
            An action authorizes requests on the resource types the Service Authorization Reference \
            lists for it (s3:GetObject on objects, s3:ListBucket on buckets). When no Resource value \
            of the statement can name a resource of any of those types, the action is granted (or \
            denied) nowhere: `s3:ListBucket` on `arn:aws:s3:::my-bucket/*` lists nothing, and a Deny \
            written that way protects nothing. An action that takes no resource type needs \
            `"Resource": "*"` ("IAM JSON policy elements: Resource", \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html). \
            Reported per Action value: a wildcard is reported only when none of the actions it \
            matches fits. The check errs towards silence: a value fits when it could match the \
            type's ARN format with wildcards, policy variables and placeholders standing for \
            anything, and an action without resource types accepts any value with a `*`.
            """,
        severity: .warning, category: .validity,
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [↓"s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ↓"s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::my-bucket"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"iam:Get*", "Resource": "arn:aws:s3:::my-bucket"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            guard let resource = statement.resource, !resource.isNegated, !resource.values.isEmpty,
                !resource.values.contains(where: { $0.value.isWildcardOnly }),
                let element = statement.action, !element.isNegated
            else { continue }
            let resources = resource.values.map(\.value)
            let resourceKey = resources.joined(separator: "\u{1}")
            for value in element.values where !value.value.isWildcardOnly {
                let actions = ExpansionCache.currentActions(value.value, catalog: context.catalog)
                guard !actions.isEmpty else { continue }
                // Managed policies repeat the same action and resource lists: answer each pair once.
                let fits = Self.answers.value(for: value.value + "\u{0}" + resourceKey, catalog: context.catalog) {
                    actions.contains { Self.fits($0, resources) }
                }
                guard !fits else { continue }
                if actions.count == 1, !value.value.hasWildcard, let action = actions.first {
                    findings.append(Self.finding(for: action, at: value.span))
                } else {
                    findings.append(RuleFinding(
                        "none of the \(actions.count) actions `\(value.value)` matches applies to this statement's resources",
                        at: value.span, help: "check the resource types of these actions, or split the statement"))
                }
            }
        }
        return findings
    }

    private static let answers = CatalogMemo<Bool>()

    static func fits(_ action: Action, _ resources: [String]) -> Bool {
        let types = action.resourceTypes
        if types.isEmpty { return resources.contains { $0.hasWildcard } }
        for type in types {
            if type.arnFormats.isEmpty { return true }
            for format in type.arnFormats where resources.contains(where: { ARNOverlap.overlaps(resource: $0, format: format) }) {
                return true
            }
        }
        return false
    }

    static func finding(for action: Action, at span: SourceSpan) -> RuleFinding {
        let types = action.resourceTypes
        guard !types.isEmpty else {
            return RuleFinding("`\(action.fullName)` takes no resource ARN: it applies only with `\"Resource\": \"*\"`",
                at: span, help: "move it to a statement with `\"Resource\": \"*\"`")
        }
        let listed = types.prefix(3).map { "\($0.name) (`\($0.arnFormats.first ?? "")`)" }.joined(separator: ", ")
        return RuleFinding("`\(action.fullName)` applies to none of this statement's resources",
            at: span, help: "it takes \(listed)\(types.count > 3 ? ", …" : "")")
    }
}
