import Foundation
import Testing

@testable import PolicyLintCLI

/// Every fixture under Fixtures/policies and Fixtures/containers has a `.expected.txt` whose first line is the
/// command (`$ policylint lint ARGS FILE`), then the exact output, then `exit N`.
/// Regenerate one by running that command from the repository root.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let folders = ["Fixtures/policies", "Fixtures/containers"]

    static var expectedFiles: [String] {
        var found: [String] = []
        for name in folders {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(name).path)
            while let path = enumerator?.nextObject() as? String {
                if path.hasSuffix(".expected.txt") { found.append("\(name)/" + path) }
            }
        }
        return found.sorted()
    }
}

@Suite struct FixtureTests {
    @Test(arguments: Fixtures.folders)
    func everyFixtureHasAnExpectation(folderName: String) throws {
        let folder = Fixtures.root.appendingPathComponent(folderName)
        let policies = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(policies.count >= 5)
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
