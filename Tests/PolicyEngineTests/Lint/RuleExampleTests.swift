import Foundation
import Testing

@testable import PolicyEngine

/// Runs every rule's own examples: triggering ones must be reported exactly at their `↓`
/// markers, non-triggering ones not at all, and both must stay so when a multi-byte member is
/// added in front (byte offsets and character columns differ there).
@Suite struct RuleExampleTests {
    static var ruleIds: [String] { BuiltInRules.descriptions.map(\.id) }

    static func rule(_ id: String) -> any LintRule {
        BuiltInRules.all.first { type(of: $0).description.id == id }!
    }

    static func findings(of rule: any LintRule, in text: String, as type: PolicyType) -> (grammar: [Finding], rule: [Finding]) {
        let document = PolicyDocument(source: SourceText(name: "example.json", text: text), policyType: type)
        let findings = Linter(rules: [rule]).lint(document)
        let id = Swift.type(of: rule).description.id
        return (findings.filter { $0.ruleId != id && $0.severity == .error }, findings.filter { $0.ruleId == id })
    }

    /// `{"Id": "日本語", …`: shifts every later byte offset by more than it shifts columns.
    static func withMultiByteMember(_ text: String) -> (text: String, shift: Int) {
        let member = #""Id": "日本語 ✓", "#
        guard let brace = text.firstIndex(of: "{") else { return (text, 0) }
        var shifted = text
        shifted.insert(contentsOf: member, at: shifted.index(after: brace))
        return (shifted, member.utf8.count)
    }

    @Test(arguments: ruleIds)
    func examplesBehaveAsDocumented(ruleId: String) throws {
        let rule = Self.rule(ruleId)
        let description = type(of: rule).description
        for example in description.triggering {
            let (text, markers) = example.stripped
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            for (variant, shift) in [(text, 0), Self.withMultiByteMember(text)] {
                let found = Self.findings(of: rule, in: variant, as: example.policyType)
                #expect(found.grammar.isEmpty, "the example is not a valid policy: \(found.grammar.map(\.message))", sourceLocation: location)
                #expect(found.rule.map(\.span.start).sorted() == markers.map { $0 + shift }.sorted(),
                    "\(ruleId): expected findings at \(markers), got \(found.rule.map { "\($0.span.start): \($0.message)" })",
                    sourceLocation: location)
                for finding in found.rule {
                    #expect(!finding.message.hasSuffix("."), "messages have no final period", sourceLocation: location)
                    #expect(finding.message.first?.isUppercase != true, "messages start in lower case", sourceLocation: location)
                    #expect(!finding.path.isEmpty, "findings carry a JSON path", sourceLocation: location)
                }
            }
        }
        for example in description.nonTriggering {
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            #expect(!example.text.contains(Example.marker), sourceLocation: location)
            let found = Self.findings(of: rule, in: example.text, as: example.policyType)
            #expect(found.grammar.isEmpty, "the example is not a valid policy: \(found.grammar.map(\.message))", sourceLocation: location)
            #expect(found.rule.isEmpty, "\(ruleId) fired on a non-triggering example: \(found.rule.map(\.message))", sourceLocation: location)
        }
    }

    @Test func everyRuleIsDescribedCompletely() {
        let descriptions = BuiltInRules.descriptions
        #expect(Set(descriptions.map(\.id)).count == descriptions.count, "rule ids are unique")
        #expect(Set(BuiltInRules.allIds).count == BuiltInRules.allIds.count, "no rule shares an id with a grammar check")
        for description in descriptions {
            #expect(description.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(description.id) is kebab-case")
            #expect(!description.summary.hasSuffix("."), "\(description.id): summaries have no final period")
            #expect(description.summary.first?.isUppercase == true, "\(description.id): summaries are sentence case")
            #expect(!description.rationale.isEmpty)
            #expect(!description.triggering.isEmpty && !description.nonTriggering.isEmpty, "\(description.id) needs both kinds of example")
        }
    }

    @Test func sensitiveActionListsNameRealActions() {
        let catalog = ServiceCatalog.shared
        let lists = SensitiveActions.dataExfiltration + SensitiveActions.credentialsExposure
            + PrivilegeEscalationRule.methods.flatMap(\.actions) + PassRoleWildcardRule.variants.map(\.action)
        // Rhino's method 23 uses CodeStar's undocumented CreateProjectFromTemplate, which the Service
        // Authorization Reference never listed; the method is kept because the list is Rhino's.
        let undocumented: Set<String> = ["codestar:CreateProjectFromTemplate"]
        for action in lists where !undocumented.contains(action) {
            #expect(catalog.action(action) != nil, "`\(action)` is not in the catalog: the rule would never match it")
        }
    }
}
