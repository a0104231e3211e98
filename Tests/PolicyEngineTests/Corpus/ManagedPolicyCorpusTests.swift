import Foundation
import Testing

@testable import PolicyEngine

/// AWS's own managed policies must all parse and decode without an error-level finding.
/// The corpus lives beside the repository; without it the test is skipped, not failed.
@Suite struct ManagedPolicyCorpusTests {
    @Test(.enabled(if: TestPaths.managedPoliciesExist, "the managed-policy corpus is not beside the repository"))
    func everyManagedPolicyParsesWithoutErrors() throws {
        let found = FileSystem.files(under: TestPaths.managedPolicies.path, extensions: [".json"])
        #expect(found.errors.isEmpty)
        #expect(found.files.count >= 1_388)
        var failures: [String] = []
        for path in found.files {
            let bytes = try FileSystem.readFile(path).get()
            let document = PolicyDocument(source: SourceText(name: path, bytes: bytes), policyType: .identity)
            #expect(document.json != nil, "\(path) did not parse")
            #expect(document.policy?.statements.isEmpty == false, "\(path) has no statements")
            for located in document.locatedFindings where located.finding.severity == .error {
                failures.append("\(path):\(located.start): \(located.finding.message)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// These policies all work in AWS, so no validity check may call them wrong: no finding of a
    /// validity, condition or grammar rule reaches error on any of them.
    @Test(.enabled(if: TestPaths.managedPoliciesExist, "the managed-policy corpus is not beside the repository"))
    func noValidityRuleRaisesAnErrorOnAManagedPolicy() throws {
        let found = FileSystem.files(under: TestPaths.managedPolicies.path, extensions: [".json"])
        let validity: Set<FindingCategory> = [.validity, .condition, .grammar]
        let linter = Linter()
        var failures: [String] = []
        for path in found.files {
            let document = PolicyDocument(source: SourceText(name: path, bytes: try FileSystem.readFile(path).get()))
            for finding in linter.lint(document) where finding.severity == .error && validity.contains(finding.category) {
                failures.append("\(path): \(finding.ruleId): \(finding.message)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }
}
