/// Web-identity trust without a condition on who the token was issued to.
struct OIDCTrustWithoutSubjectRule: LintRule {
    static let description = RuleDescription(
        id: "oidc-trust-without-sub",
        summary: "An OIDC trust policy must restrict the token's subject",
        rationale: """
            A trust policy for an OIDC provider with no condition on the token lets every identity \
            of that provider assume the role. For GitHub Actions (token.actions.githubusercontent.com) \
            that is every repository on GitHub: restrict token.actions.githubusercontent.com:sub to \
            your repositories and branches, without a bare wildcard.
            """,
        severity: .securityWarning, category: .trust, issueCode: "MISSING_GITHUB_REPO_CONDITION_KEY",
        policyTypes: [.trust],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": ↓"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}"#, policyType: .trust),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": ↓"repo:*"}}}]}"#, policyType: .trust),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": ↓"arn:aws:iam::111122223333:oidc-provider/oidc.example.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#, policyType: .trust),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/deploy:ref:refs/heads/main"}}}]}"#, policyType: .trust),
        ])

    static let github = "token.actions.githubusercontent.com"

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.allowStatements {
            guard let principal = statement.principal, !principal.isNegated, case .entries(let entries) = principal.value else { continue }
            for entry in entries where entry.kind == .federated {
                for provider in entry.values where provider.value.contains("oidc-provider/") {
                    let host = String(provider.value.split(separator: "/", maxSplits: 1).last ?? "")
                    let clauses = statement.condition?.clauses ?? []
                    let subject = clauses.filter { $0.key.value.lowercased() == "\(host):sub".lowercased() }
                    if host == Self.github {
                        if subject.isEmpty {
                            findings.append(RuleFinding("any GitHub repository can assume this role: no `\(host):sub` condition",
                                at: provider.span, help: "add StringLike {\"\(host):sub\": \"repo:OWNER/REPO:ref:refs/heads/BRANCH\"}"))
                        } else if let loose = subject.flatMap(\.values).first(where: { Self.isTooBroad($0.value.text) }) {
                            findings.append(RuleFinding("`\(loose.value.text)` lets any repository or branch assume this role",
                                at: loose.span, issueCode: "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", severity: .warning))
                        }
                    } else if clauses.isEmpty {
                        findings.append(RuleFinding("every identity of `\(host)` can assume this role: the statement has no condition",
                            at: provider.span, issueCode: "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"))
                    }
                }
            }
        }
        return findings
    }

    /// `*`, `repo:*`, `repo:org*`: a wildcard before the repository name is known.
    static func isTooBroad(_ value: String) -> Bool {
        guard let star = value.firstIndex(where: { $0 == "*" || $0 == "?" }) else { return false }
        let prefix = value[..<star]
        guard prefix.hasPrefix("repo:") else { return true }
        return !prefix.dropFirst("repo:".count).contains("/")
    }
}
