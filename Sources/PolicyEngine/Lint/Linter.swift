/// Runs the grammar checks and every enabled rule over one policy source.
public struct Linter: Sendable {
    public var rules: [any LintRule]
    public var configuration: LintConfiguration

    public init(rules: [any LintRule] = BuiltInRules.all, configuration: LintConfiguration = LintConfiguration()) {
        self.rules = rules
        self.configuration = configuration
    }

    /// Findings in source order, configuration applied (severity overrides, disabled rules);
    /// ignores and baselines are applied by the caller, which knows the file's path.
    public func lint(_ document: PolicyDocument, catalog: ServiceCatalog = .shared) -> [Finding] {
        var findings = document.findings
        if let policy = document.policy, document.json != nil {
            let context = LintContext(document: document, policy: policy, catalog: catalog)
            for rule in rules {
                let description = type(of: rule).description
                guard description.applies(to: document.policyType), configuration.isEnabled(description.id) else { continue }
                for found in rule.check(context) {
                    findings.append(Finding(
                        ruleId: description.id, severity: found.severity ?? description.severity,
                        category: description.category, issueCode: found.issueCode ?? description.issueCode,
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
