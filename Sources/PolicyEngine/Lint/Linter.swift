/// Runs the grammar checks and every enabled rule over one policy source.
public struct Linter: Sendable {
    public let rules: [any LintRule]
    public let configuration: LintConfiguration
    /// The enabled rules with what a finding needs from their descriptions, read once here
    /// rather than copying each description for every policy.
    private let enabled: [EnabledRule]

    private struct EnabledRule: Sendable {
        let rule: any LintRule
        let id: String
        let severity: Severity
        let category: FindingCategory
        let issueCode: String?
        let policyTypes: Set<PolicyType>?
    }

    public init(rules: [any LintRule] = BuiltInRules.all, configuration: LintConfiguration = LintConfiguration()) {
        self.rules = rules
        self.configuration = configuration
        enabled = rules.compactMap { rule in
            let description = type(of: rule).description
            guard configuration.isEnabled(description.id) else { return nil }
            return EnabledRule(rule: rule, id: description.id, severity: description.severity, category: description.category,
                issueCode: description.issueCode, policyTypes: description.policyTypes)
        }
    }

    /// Findings in source order, configuration applied (severity overrides, disabled rules);
    /// ignores and baselines are applied by the caller, which knows the file's path.
    public func lint(_ document: PolicyDocument, catalog: ServiceCatalog = .shared) -> [Finding] {
        var findings = document.findings
        if let policy = document.policy, document.json != nil {
            let context = LintContext(document: document, policy: policy, catalog: catalog)
            for entry in enabled where entry.policyTypes?.contains(document.policyType) ?? true {
                for found in entry.rule.check(context) {
                    findings.append(Finding(
                        ruleId: entry.id, severity: found.severity ?? entry.severity,
                        category: entry.category, issueCode: found.issueCode ?? entry.issueCode,
                        message: found.message, help: found.help, span: found.span,
                        path: document.json.map { $0.path(to: found.span) } ?? []))
                }
            }
        }
        findings = findings.filter { configuration.isEnabled($0.ruleId) }
        for index in findings.indices {
            if let severity = configuration.severity(for: findings[index].ruleId) { findings[index].severity = severity }
        }
        findings.sort { ($0.span, $0.ruleId) < ($1.span, $1.ruleId) }
        return findings
    }
}
