import Foundation
import Testing

@testable import PolicyLintCLI

/// Every fixture under Fixtures/policies has a `.expected.txt` whose first line is the
/// command (`$ policylint lint ARGS FILE`), then the exact output, then `exit N`.
/// Regenerate one by running that command from the repository root.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var expectedFiles: [String] {
        let folder = root.appendingPathComponent("Fixtures/policies")
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".expected.txt") { found.append("Fixtures/policies/" + path) }
        }
        return found.sorted()
    }
}

@Suite struct FixtureTests {
    @Test func everyPolicyFixtureHasAnExpectation() throws {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/policies")
        let policies = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(policies.count >= 10)
        for policy in policies {
            let expected = policy.replacingOccurrences(of: ".json", with: ".expected.txt")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(expected).path), "\(policy)")
        }
    }

    @Test(arguments: Fixtures.expectedFiles)
    func fixtureOutputMatches(expectedFile: String) throws {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent(expectedFile), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let command = lines.removeFirst()
        #expect(command.hasPrefix("$ policylint "))
        let arguments = command.dropFirst("$ policylint ".count).split(separator: " ").map(String.init)
        if lines.last == "" { lines.removeLast() }
        let exitLine = lines.removeLast()
        let expectedOutput = lines.map { $0 + "\n" }.joined()

        // Paths in the expectation are relative to the repository root; run with absolute ones.
        let absolute = arguments.map { $0.hasPrefix("Fixtures/") ? Fixtures.root.path + "/" + $0 : $0 }
        let result = run(absolute)
        let output = result.output.replacingOccurrences(of: Fixtures.root.path + "/", with: "")
        #expect(output == expectedOutput)
        #expect("exit \(result.status.rawValue)" == exitLine)
        #expect(result.errors.isEmpty)
    }
}
