/// A trust policy that lets a principal assume the role with an STS action it cannot call.
struct TrustActionMismatchRule: LintRule {
    static let description = RuleDescription(
        id: "trust-action-mismatch",
        summary: "A trust statement's assume-role action must suit its principals",
        rationale: """
            Each kind of principal assumes a role through its own STS action: IAM principals and \
            services with sts:AssumeRole, a SAML provider's users with sts:AssumeRoleWithSAML \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html), \
            and OIDC and web identity providers' users with sts:AssumeRoleWithWebIdentity \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html). \
            A statement whose only assume action none of its principals can call lets nobody in: \
            Access Analyzer's MISMATCHED_ACTION_FOR_PRINCIPAL. Wildcard actions are left alone.
            """,
        severity: .error, category: .trust, issueCode: "MISMATCHED_ACTION_FOR_PRINCIPAL", policyTypes: [.trust],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": ↓"sts:AssumeRole", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}}]}"#, policyType: .trust),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ↓"sts:AssumeRoleWithSAML"}]}"#, policyType: .trust),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"], "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}, {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root", "Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:Assume*"], "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}}}]}"#, policyType: .trust),
        ])

    enum Kind { case iamOrService, saml, webIdentity }

    static func kind(of entry: PrincipalEntry, value: String) -> Kind {
        guard entry.kind == .federated else { return .iamOrService }
        return value.lowercased().contains(":saml-provider/") ? .saml : .webIdentity
    }

    static let actionKinds: [String: Kind] = [
        "sts:assumerole": .iamOrService, "sts:assumerolewithsaml": .saml, "sts:assumerolewithwebidentity": .webIdentity,
    ]

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements {
            guard case .entries(let entries) = statement.principal?.value, statement.principal?.isNegated == false,
                let element = statement.action, !element.isNegated
            else { continue }
            var kinds: [Kind] = []
            for entry in entries {
                for value in entry.values { kinds.append(Self.kind(of: entry, value: value.value)) }
            }
            guard !kinds.isEmpty else { continue }
            for value in element.values {
                guard let needed = Self.actionKinds[value.value.lowercased()], !kinds.contains(needed) else { continue }
                let suggestion: String
                switch kinds.first! {
                case .iamOrService: suggestion = "sts:AssumeRole"
                case .saml: suggestion = "sts:AssumeRoleWithSAML"
                case .webIdentity: suggestion = "sts:AssumeRoleWithWebIdentity"
                }
                findings.append(RuleFinding("none of this statement's principals can assume the role with `\(value.value)`",
                    at: value.span, help: "use `\(suggestion)`"))
            }
        }
        return findings
    }
}
