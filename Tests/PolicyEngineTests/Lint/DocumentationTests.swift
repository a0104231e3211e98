import Foundation
import Testing

@testable import PolicyEngine

@Suite struct DocumentationTests {
    /// docs/rules.md is generated; regenerate with `policylint rules --format markdown > docs/rules.md`.
    @Test func rulesDocumentationIsCurrent() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("docs/rules.md")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == RuleDocumentation.markdown(),
            "docs/rules.md is stale: run `swift run policylint rules --format markdown > docs/rules.md`")
    }
}
