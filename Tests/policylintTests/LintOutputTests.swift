import Foundation
import Testing

@testable import PolicyLintCLI
import PolicyEngine

private let risky = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "PassAny", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
      ]
    }
    """

private let sarifSchema = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/data/sarif/sarif-schema-2.1.0.json")

/// Validation needs Python's jsonschema and the official schema beside the repository.
private var canValidateSARIF: Bool {
    guard FileManager.default.fileExists(atPath: sarifSchema.path) else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import jsonschema"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}

@Suite struct LintOutputTests {
    @Test(.enabled(if: canValidateSARIF, "needs python3 with jsonschema and the SARIF schema beside the repository"))
    func sarifOutputValidatesAgainstTheOfficialSchema() throws {
        let folder = try temporaryFolder(["risky.json": risky, "broken.json": "{\"Version\": \"2012-10-17\",}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = Fixtures.root.appendingPathComponent("Fixtures/containers/cloudformation-template.json").path
        let result = run(["lint", "--format", "sarif", folder.path, template])
        #expect(result.status == .findings)
        let sarif = folder.appendingPathComponent("out.sarif")
        try result.output.write(to: sarif, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator(schema).validate(json.load(open(sys.argv[2])))
            """, sarifSchema.path, sarif.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "SARIF does not validate: \(message)")

        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "full-admin" && ($0["help"] as? [String: Any])?["text"] != nil })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.allSatisfy { ($0["partialFingerprints"] as? [String: String])?.isEmpty == false })
        #expect(results.contains { $0["ruleId"] as? String == "json-syntax" && $0["level"] as? String == "error" })
        // A policy inside a template is named by its holder as the logical location.
        let logical = results.compactMap { (($0["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]])?.first }
        #expect(logical.contains { $0["name"] as? String == "AuditRole AssumeRolePolicyDocument" })
    }

    @Test func githubFormatWritesWorkflowCommands() throws {
        let folder = try temporaryFolder(["risky.json": risky])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("risky.json").path
        let result = run(["lint", "--format", "github", path])
        #expect(result.status == .findings)
        let lines = result.output.split(separator: "\n").map(String.init)
        let escaped = path.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        #expect(lines.first == "::error file=\(escaped),line=4,col=51,endLine=4,endColumn=54,title=full-admin::statement `Admin` allows every action on every resource (grant the actions this principal needs, on the resources it needs them for)")
        #expect(lines.contains { $0.hasPrefix("::warning file=\(escaped),line=5,") && $0.contains("title=pass-role-wildcard::") })
        #expect(lines.last?.hasPrefix("policylint: ") == true)
    }

    @Test func configurationSetsSeveritiesDisablesRulesAndIgnores() throws {
        let config = """
            {
              "rules": {"pass-role-wildcard": "error", "wildcard-resource": "off", "full-admn": "error"},
              "ignore": [
                {"rule": "full-admin", "path": "**/risky.json", "sid": "Admin", "reason": "break-glass role, reviewed"},
                {"rule": "data-exfiltration", "path": "nowhere/*.json", "reason": "old exception"},
                {"rule": "full-admin", "path": "x"}
              ],
              "ignores": []
            }
            """
        let folder = try temporaryFolder(["risky.json": risky, "policylint.json": config])
        defer { try? FileManager.default.removeItem(at: folder) }
        let configPath = folder.appendingPathComponent("policylint.json").path
        let result = run(["lint", "--config", configPath, "--format", "json", folder.appendingPathComponent("risky.json").path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let rules = findings.map { $0["ruleId"] as? String ?? "" }
        #expect(!rules.contains("full-admin"), "the ignore entry suppresses it")
        #expect(!rules.contains("wildcard-resource"), "the rule is off")
        #expect(findings.contains { $0["ruleId"] as? String == "pass-role-wildcard" && $0["severity"] as? String == "error" })
        let configuration = findings.filter { $0["file"] as? String == configPath }.map { $0["message"] as? String ?? "" }
        #expect(configuration.contains("unknown rule `full-admn`"))
        #expect(configuration.contains("unknown key `ignores`"))
        #expect(configuration.contains("an ignore entry needs a `reason`"))
        #expect(configuration.contains("this ignore entry matched no finding"))
        let unknown = findings.first { $0["message"] as? String == "unknown rule `full-admn`" }
        #expect(unknown?["help"] as? String == "did you mean `full-admin`?")
    }

    @Test func aBaselineHidesKnownFindingsAcrossUnrelatedEdits() throws {
        let folder = try temporaryFolder(["risky.json": risky])
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("risky.json")
        let baseline = folder.appendingPathComponent("baseline.json").path
        let first = run(["lint", "--write-baseline", baseline, policy.path])
        #expect(first.status == .findings)
        #expect(FileManager.default.fileExists(atPath: baseline))
        // Move every statement down two lines: the baseline is keyed on statements, not lines.
        try risky.replacingOccurrences(of: "\"Statement\": [", with: "\"Statement\": [\n\n").write(to: policy, atomically: true, encoding: .utf8)
        let second = run(["lint", "--baseline", baseline, policy.path])
        #expect(second.status == .success, "\(second.output)")
        #expect(second.output == "0 findings in 1 file\n")
        // A new risk is still reported.
        try risky.replacingOccurrences(of: "\"Sid\": \"PassAny\"", with: "\"Sid\": \"PassEverything\"").write(to: policy, atomically: true, encoding: .utf8)
        let third = run(["lint", "--baseline", baseline, policy.path])
        #expect(third.status == .findings)
        #expect(third.output.contains("PassEverything"))
    }

    @Test func failOnNeverAlwaysPasses() throws {
        let folder = try temporaryFolder(["risky.json": risky])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(run(["lint", "--fail-on", "never", folder.path]).status == .success)
        #expect(run(["lint", "--jobs", "0", folder.path]).status == .failure)
        #expect(run(["lint", "--jobs", "1", folder.path]).output == run(["lint", "--jobs", "4", folder.path]).output)
    }

    /// `--jobs` defaults to the processors this process may use (its affinity mask and any
    /// cgroup CPU limit), read without Foundation: at least one, at most those installed.
    @Test func theDefaultJobCountIsTheProcessorsThisProcessMayUse() {
        let count = ProcessorCount.available
        #expect(count >= 1)
        #expect(count <= ProcessInfo.processInfo.processorCount)
    }

    @Test func rulesCommandListsAndDescribes() {
        let list = run(["rules"])
        #expect(list.status == .success)
        #expect(list.output.contains("full-admin"))
        #expect(list.output.contains("json-syntax"))
        let one = run(["rules", "public-resource-policy"])
        #expect(one.output.hasPrefix("public-resource-policy: Resource policies should not allow everyone\n"))
        #expect(one.output.contains("Reported:\n"))
        let unknown = run(["rules", "full-admn"])
        #expect(unknown.status == .findings)
        #expect(unknown.errors == "policylint: error: unknown rule `full-admn`\n  help: did you mean `full-admin`?\n")
    }
}
