/// Resource values that are not well-formed ARNs.
struct InvalidResourceARNRule: LintRule {
    static let description = RuleDescription(
        id: "invalid-resource-arn",
        summary: "Resource values must be well-formed ARNs",
        rationale: """
            A Resource (or NotResource) value other than `*` is an ARN, \
            `arn:partition:service:region:account:resource`, and IAM matches requests against it \
            segment by segment: a value without the `arn:` prefix, with too few fields, an unknown \
            partition, an upper-case service, a region or account where the service's ARNs have \
            none (IAM and S3 bucket ARNs have no region) never matches a real resource. A missing \
            Region where the service's ARNs always have one is a warning (`arn:aws:logs:::log-group:x` \
            matches no log group); a missing account is not reported, since AWS-owned resources \
            (public SSM documents and parameters) have ARNs without one, and an account field is \
            reported only when it is a mistyped number (`1111-2222-3333`): words such as `aws` \
            (arn:aws:iam::aws:policy/…) name AWS-owned resources. Segments holding a wildcard or a policy variable are not \
            checked, and a value with a `*` is never reported as short, since a `*` ending a \
            segment may match across colons (IAM User Guide, "IAM JSON policy elements: Resource", \
            https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html, \
            which also says the service segment cannot hold a wildcard). What a service's ARNs \
            look like comes from the catalog's ARN formats; the codes are Access Analyzer's \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
            """,
        severity: .error, category: .validity, issueCode: "INVALID_ARN_RESOURCE",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ↓"my-bucket/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ↓"arn:aws:s3:my-bucket"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [↓"arn:amazon:sqs:us-east-1:111122223333:q", ↓"arn:aws:SQS:us-east-1:111122223333:q"]}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [↓"arn:aws:sqs:useast1:111122223333:q", ↓"arn:aws:sqs:us-east-1:1111-2222-3333:q"]}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": ↓"arn:aws:logs:::log-group:app:*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": ↓"arn:aws:iam:us-east-1:111122223333:role/app"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": ↓"arn:aws:s*:::my-bucket"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:GetRole", "sqs:SendMessage"], "Resource": ["arn:aws:s3:::my-bucket/*", "arn:aws:iam::111122223333:role/app", "arn:aws-us-gov:sqs:us-gov-west-1:111122223333:q", "arn:aws:sqs:*:${aws:PrincipalAccount}:q", "arn:aws:logs:*", "arn:aws:iam::aws:policy/ReadOnlyAccess", "*"]}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ssm:SendCommand", "sagemaker:DescribeHub"], "Resource": ["arn:aws:ssm:*::document/AWS-RunShellScript", "arn:aws:sagemaker:*:aws:hub/SageMakerPublicHub"]}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            for value in statement.resource?.values ?? [] {
                let problem = Self.answers.value(for: value.value, catalog: context.catalog) {
                    Self.problem(value.value, catalog: context.catalog).map(Problem.init)
                }
                if let finding = problem {
                    findings.append(RuleFinding(finding.message, at: value.span, help: finding.help, issueCode: finding.code,
                        severity: finding.severity))
                }
            }
        }
        return findings
    }

    struct Problem: Sendable {
        var message: String
        var help: String?
        var code: String
        var severity: Severity?

        init(_ found: (message: String, help: String?, code: String, severity: Severity?)) {
            (message, help, code, severity) = found
        }
    }

    /// Keyed on the value as written: the answer depends on case.
    private static let answers = CatalogMemo<Problem?>(caseSensitive: true)

    static func problem(_ text: String, catalog: ServiceCatalog)
        -> (message: String, help: String?, code: String, severity: Severity?)?
    {
        if text.isWildcardOnly || text.hasPrefix("${") || text.hasPrefix("?") || text.hasPrefix("*") { return nil }
        guard text.hasPrefix("arn:") else {
            return ("`\(text)` is not an ARN: it does not start with `arn:`",
                "write the resource's full ARN, such as `arn:aws:s3:::my-bucket/*`", "INVALID_ARN_PREFIX", nil)
        }
        // A variable may hold colons (`${aws:PrincipalAccount}`, a template's `${AWS::Partition}`):
        // it stands for one unknown stretch of text, like `*`.
        let fields = ResourceARN.fields(ResourceARN.maskingVariables(text))
        if fields.count < 6 {
            if text.hasWildcard { return nil }
            return ("`\(text)` has \(fields.count) of the 6 ARN fields",
                "an ARN is `arn:partition:service:region:account:resource`; leave region or account empty, not out",
                "MISSING_ARN_FIELD", nil)
        }
        let partition = fields[1], service = fields[2], region = fields[3], account = fields[4]
        if !ResourceARN.isOpen(partition), !ResourceARN.partitions.contains(String(partition)) {
            return ("`\(partition)` is not an AWS partition", "use `aws` (or `aws-cn`, `aws-us-gov`, …)", "INVALID_PARTITION", nil)
        }
        if ResourceARN.isOpen(service) {
            return ("the service segment `\(service)` of `\(text)` holds a wildcard, which IAM does not allow there",
                "name the service; use one ARN per service", "INVALID_ARN_RESOURCE", nil)
        }
        if service.contains(where: \.isUppercase) {
            return ("the service `\(service)` in the ARN must be lower case", "write `\(service.lowercased())`",
                "INVALID_ARN_SERVICE_CASE", nil)
        }
        // What the service's ARNs look like: quick checks first, the whole catalog only to confirm.
        let regionCandidate = !region.isEmpty && !ResourceARN.isOpen(region)
        let accountCandidate = !account.isEmpty && !ResourceARN.isOpen(account)
        if regionCandidate, !ResourceARN.looksLikeRegion(region) {
            return ("`\(region)` is not an AWS Region", "write a Region such as `us-east-1`, or `*`", "INVALID_ARN_REGION", nil)
        }
        let quick = ARNFormatIndex.shared.sameServiceNamespace(String(service), catalog: catalog)
        // `aws` owns public resources: arn:aws:iam::aws:policy/…, arn:aws:sagemaker:*:aws:hub/….
        let isAccountID = account.count == 12 && account.allSatisfy(\.isASCIIDigit) || account == "aws"
        // Only digit typos are reported (`1111-2222-3333`, eleven digits): a word may name an
        // AWS-owned resource the catalog does not show.
        let looksNumeric = account.allSatisfy { $0.isASCIIDigit || $0 == "-" }
        if accountCandidate, !isAccountID, looksNumeric, !(quick?.literalAccounts.contains(String(account)) ?? false),
            !(ARNFormatIndex.shared.namespace(String(service), catalog: catalog)?.literalAccounts.contains(String(account)) ?? false)
        {
            return ("`\(account)` is not an account ID: expected 12 digits", "write the account ID without hyphens, or `*`",
                "INVALID_ARN_ACCOUNT", nil)
        }
        if let quick, !(regionCandidate && quick.regionAlwaysEmpty), !(region.isEmpty && quick.regionAlwaysPresent),
            !(accountCandidate && quick.accountAlwaysEmpty)
        {
            return nil
        }
        guard let namespace = ARNFormatIndex.shared.namespace(String(service), catalog: catalog) else { return nil }
        if regionCandidate, namespace.regionAlwaysEmpty {
            return ("`\(service)` ARNs have no Region, so `\(text)` matches nothing",
                "leave the region field empty: `arn:\(partition):\(service)::…`", "ARN_REGION_NOT_ALLOWED", nil)
        }
        if region.isEmpty, namespace.regionAlwaysPresent {
            return ("`\(service)` ARNs always name a Region, so `\(text)` matches nothing",
                "write the Region, or `*`", "MISSING_ARN_REGION", .warning)
        }
        if accountCandidate, namespace.accountAlwaysEmpty {
            return ("`\(service)` ARNs have no account ID, so `\(text)` matches nothing",
                "leave the account field empty", "ARN_ACCOUNT_NOT_ALLOWED", nil)
        }
        return nil
    }
}
