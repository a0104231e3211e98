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
            var fit = Fit(resources: resource.values.map(\.value))
            for (value, facts) in zip(element.values, context.actionFacts(of: statement)) where !value.value.isWildcardOnly {
                let actions = facts.currentActions
                guard !actions.isEmpty, !actions.contains(where: { fit.fits($0) }) else { continue }
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

    /// Whether a statement's resources fit an action, each resource type answered once: the
    /// actions of a service share a handful of types.
    struct Fit {
        let resources: [String]
        let anyWildcard: Bool
        private var byType: [TypeKey: Bool] = [:]

        private struct TypeKey: Hashable {
            let service: ObjectIdentifier
            let index: Int
        }

        init(resources: [String]) {
            self.resources = resources
            anyWildcard = resources.contains { $0.hasWildcard }
        }

        /// An action without resource types takes only `*`; a type without an ARN format takes any ARN.
        mutating func fits(_ action: Action) -> Bool {
            var hasTypes = false
            for index in action.resourceTypeIndices {
                hasTypes = true
                let key = TypeKey(service: ObjectIdentifier(action.storage), index: index)
                let answer = byType[key] ?? {
                    let formats = action.storage.resources[index].arnFormats
                    let found = formats.isEmpty || formats.contains { format in
                        resources.contains { ARNOverlap.overlaps(resource: $0, format: format) }
                    }
                    byType[key] = found
                    return found
                }()
                if answer { return true }
            }
            return !hasTypes && anyWildcard
        }
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
