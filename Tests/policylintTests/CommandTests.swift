import Foundation
import Testing

@testable import PolicyLintCLI

struct CommandResult {
    var status: PolicyLintCLI.ExitStatus
    var output: String
    var errors: String
}

func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false, stdin: String = "")
    -> CommandResult
{
    let output = StringOutput()
    let errors = StringOutput()
    let context = CommandContext(
        environment: environment, outputIsTerminal: terminal, readStandardInput: { Array(stdin.utf8) })
    let status = PolicyLintCommand.run(arguments, context: context, output: output, errors: errors)
    return CommandResult(status: status, output: output.text, errors: errors.text)
}

/// A temporary folder with the given files, removed by the caller.
func temporaryFolder(_ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-\(UUID().uuidString)")
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return folder
}

let cleanPolicy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}"#
let brokenPolicy = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::b/*\"}]}"

@Suite struct CommandTests {
    @Test func topLevelHelpReadsLikeArgumentParser() {
        let result = run(["--help"])
        #expect(result.status == .success)
        #expect(result.errors.isEmpty)
        #expect(result.output == """
            OVERVIEW: Lint and evaluate AWS IAM policies.

            USAGE: policylint <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              lint                    Check IAM policy files for errors and risky patterns.
              expand                  Expand action patterns to actions and access levels.
              describe                Show an action's access level, resources and keys.
              simulate                Decide whether requests are allowed by policies.
              who-can                 List who in an account snapshot is allowed a request.
              diff                    Prove whether a policy change grants new access.
              check-access-not-granted
                                      Prove that a policy grants none of the given actions.
              check-no-public-access  Prove that a resource policy allows no public access.
              rules                   List the lint rules, or describe one.
              help                    Show subcommand help information.

              See 'policylint help <subcommand>' for detailed help.

            """)
        #expect(run([]).output == result.output)
        #expect(run(["help"]).output == result.output)
    }

    @Test func lintHelpListsEveryOption() {
        let result = run(["help", "lint"])
        #expect(result.status == .success)
        #expect(result.output == run(["lint", "--help"]).output)
        #expect(result.output == run(["lint", "-h"]).output)
        #expect(result.output.hasPrefix("OVERVIEW: Check IAM policy files for errors and risky patterns.\n"))
        #expect(result.output.contains(
            "USAGE: policylint lint [--policy-type <type>] [--format <format>] [--fail-on <level>] [--include <glob>] [--exclude <glob>] [--parameter <name=value>] [--jobs <n>] [--config <file>] [--baseline <file>] [--write-baseline <file>] [--color <when>] <paths> ...\n"))
        #expect(result.output.contains("  -f, --format <format>   The output format: 'text', 'json', 'sarif' or\n                          'github'. (default: text)\n"))
        #expect(result.output.contains("  -t, --policy-type <type>\n                          The policy type:"))
        for line in result.output.split(separator: "\n") { #expect(line.count <= 80 || line.hasPrefix("USAGE")) }
    }

    @Test func versionGoesToStandardOutput() {
        let result = run(["--version"])
        #expect(result.status == .success)
        #expect(result.output == "\(PolicyLintCommand.version)\n")
    }

    @Test(arguments: [
        (["lnit"], "Error: Unknown subcommand 'lnit'. Did you mean 'lint'?\nUsage: policylint <subcommand>\n  See 'policylint --help' for more information.\n"),
        (["help", "lnt"], "Error: Unknown subcommand 'lnt'. Did you mean 'lint'?\nUsage: policylint <subcommand>\n  See 'policylint --help' for more information.\n"),
        (["--verison"], "Error: Unknown option '--verison'. Did you mean '--version'?\nUsage: policylint <subcommand>\n  See 'policylint --help' for more information.\n"),
    ])
    func unknownCommandsSuggestTheClosestOne(arguments: [String], expected: String) {
        let result = run(arguments)
        #expect(result.status == .failure)
        #expect(result.output.isEmpty)
        #expect(result.errors == expected)
    }

    @Test(arguments: [
        (["lint", "--formt", "json", "x.json"], "Unknown option '--formt'. Did you mean '--format'?"),
        (["lint", "--format", "xml", "x.json"], "The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'sarif' or 'github'."),
        (["lint", "--format=jsn", "x.json"], "The value 'jsn' is invalid for '--format <format>'. Did you mean 'json'?"),
        (["lint", "--format"], "Missing value for '--format <format>'"),
        (["lint", "--policy-type", "--format", "json", "x"], "Missing value for '--policy-type <type>'"),
        (["lint"], "Missing expected argument '<paths> ...'"),
        (["lint", "--help=yes", "x"], "The option '--help' does not take a value"),
        (["lint", "-x", "a"], "Unknown option '-x'"),
    ])
    func usageErrorsExitWithTwo(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.status == .failure)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("Error: \(message)\nUsage: policylint lint "))
        #expect(result.errors.hasSuffix("  See 'policylint lint --help' for more information.\n"))
    }

    @Test func cleanFilesExitZeroAndFindingsExitOne() throws {
        let folder = try temporaryFolder(["clean.json": cleanPolicy, "broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let clean = run(["lint", folder.appendingPathComponent("clean.json").path])
        #expect(clean.status == .success)
        #expect(clean.output == "0 findings in 1 file\n")

        let broken = folder.appendingPathComponent("broken.json").path
        let result = run(["lint", broken])
        #expect(result.status == .findings)
        #expect(result.output == """
            \(broken):2:27: error: `allow` is not a valid effect [invalid-effect]
              help: did you mean `Allow`? Effect is case sensitive
            1 finding (1 error) in 1 file

            """)
    }

    @Test func failOnSetsTheThreshold() throws {
        let folder = try temporaryFolder(["warn.json": #"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("warn.json").path
        #expect(run(["lint", path]).status == .success)  // a warning is below security-warning
        #expect(run(["lint", "--fail-on", "warning", path]).status == .findings)
        #expect(run(["lint", "--fail-on=suggestion", path]).status == .findings)
        #expect(run(["lint", "--fail-on", "warning", "--fail-on", "none", path]).status == .success)  // last wins
    }

    @Test func foldersAreReadRecursivelyInAStableOrder() throws {
        let folder = try temporaryFolder([
            "b.json": brokenPolicy, "a/clean.json": cleanPolicy, "a/z/broken.json": brokenPolicy, "notes.txt": "not json",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = run(["lint", "--format", "json", folder.path])
        #expect(result.status == .findings)
        let files = try findingFiles(result.output)
        #expect(files == [folder.path + "/a/z/broken.json", folder.path + "/b.json"])
        #expect(result.output.contains(#""summary":{"files":3,"findings":2,"policies":3,"unreadable":0,"error":2"#))
    }

    @Test func unreadableFilesExitTwoAndTheOthersAreStillReported() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.json").path
        let broken = folder.appendingPathComponent("broken.json").path
        let result = run(["lint", missing, broken])
        #expect(result.status == .failure)
        #expect(result.errors == "policylint: error: cannot read '\(missing)': no such file or directory\n")
        #expect(result.output.contains("\(broken):2:27: error:"))
    }

    @Test func jsonOutputCarriesEveryField() throws {
        let result = run(["lint", "-f", "json", "-"], stdin: brokenPolicy)
        #expect(result.status == .findings)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        let finding = findings[0]
        #expect(finding["ruleId"] as? String == "invalid-effect")
        #expect(finding["severity"] as? String == "error")
        #expect(finding["category"] as? String == "grammar")
        #expect(finding["issueCode"] as? String == "INVALID_EFFECT")
        #expect(finding["file"] as? String == "<stdin>")
        #expect(finding["line"] as? Int == 2)
        #expect(finding["column"] as? Int == 27)
        #expect(finding["endLine"] as? Int == 2)
        #expect(finding["endColumn"] as? Int == 34)
        #expect((finding["path"] as? [Any])?.map { "\($0)" } == ["Statement", "0", "Effect"])
        #expect(finding["message"] as? String == "`allow` is not a valid effect")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["files"] == 1 && summary["findings"] == 1 && summary["error"] == 1)
    }

    @Test func malformedJSONIsAFindingNotACrash() {
        let result = run(["lint", "-"], stdin: "{\"Version\": \"2012-10-17\",}")
        #expect(result.status == .findings)
        #expect(result.output.hasPrefix("<stdin>:1:26: error: trailing comma before '}' is not allowed [json-syntax]\n"))
        let json = run(["lint", "--format", "json", "-"], stdin: "[")
        #expect(json.output.contains(#""issueCode":"JSON_SYNTAX_ERROR""#))
    }

    @Test func doubleDashEndsOptions() throws {
        let folder = try temporaryFolder(["--format": cleanPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("--format").path
        let result = run(["lint", "--", path])
        #expect(result.status == .success, "\(result.errors)")
        #expect(result.output == "0 findings in 1 file\n")
    }

    @Test func policyTypeChangesWhatIsRequired() {
        let bucketPolicy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#
        #expect(run(["lint", "-"], stdin: bucketPolicy).status == .success)  // inferred: resource policy
        let asIdentity = run(["lint", "--policy-type", "identity", "-"], stdin: bucketPolicy)
        #expect(asIdentity.status == .findings)
        #expect(asIdentity.output.contains("identity policies do not support the `Principal` element [unsupported-principal]"))
        #expect(run(["lint", "-t", "resource", "-"], stdin: cleanPolicy).output.contains("[missing-principal]"))
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() {
        let colored = run(["lint", "-"], terminal: true, stdin: brokenPolicy)
        #expect(colored.output.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(!run(["lint", "-"], environment: ["NO_COLOR": "1"], terminal: true, stdin: brokenPolicy).output.contains("\u{1B}"))
        #expect(run(["lint", "-"], environment: ["NO_COLOR": ""], terminal: true, stdin: brokenPolicy).output.contains("\u{1B}"))
        #expect(!run(["lint", "-"], terminal: false, stdin: brokenPolicy).output.contains("\u{1B}"))
        #expect(run(["lint", "--color", "always", "-"], stdin: brokenPolicy).output.contains("\u{1B}"))
        #expect(!run(["lint", "--color=never", "-"], terminal: true, stdin: brokenPolicy).output.contains("\u{1B}"))
        #expect(!run(["lint", "-"], environment: ["TERM": "dumb"], terminal: true, stdin: brokenPolicy).output.contains("\u{1B}"))
    }

    @Test func symbolicLinkLoopsAreReportedNotFollowedForever() throws {
        let folder = try temporaryFolder(["a/clean.json": cleanPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("a/loop").path, withDestinationPath: folder.appendingPathComponent("a").path)
        let result = run(["lint", folder.path])
        #expect(result.status == .failure)
        #expect(result.errors.contains("symbolic link loop"))
        #expect(result.output == "0 findings in 1 file\n")
    }
}

func findingFiles(_ output: String) throws -> [String] {
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let findings = object?["findings"] as? [[String: Any]] ?? []
    return findings.compactMap { $0["file"] as? String }
}

@Suite struct AdversarialInputTests {
    @Test(.timeLimit(.minutes(1)))
    func hostileFilesGiveOneFindingEachAndTheRunGoesOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [(String, [UInt8])] = [
            ("deep.json", [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)),
            ("nul.json", Array(#"{"Version": "2012-10-17", "#.utf8) + [0, 0, 0]),
            ("utf8.json", Array(#"{"Version": "2012-10-17", "Statement": ["#.utf8) + [0xC3, 0x28] + Array("]}".utf8)),
            ("bom.json", [0xEF, 0xBB, 0xBF] + Array(cleanPolicy.utf8)),
            ("digits.json", Array(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": \#(String(repeating: "7", count: 400))}}}]}"#.utf8)),
            ("empty.json", []),
        ]
        for (name, bytes) in files {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        let result = run(["lint", folder.path])
        #expect(result.status == .findings)
        #expect(result.errors.isEmpty)
        let lines = result.output.split(separator: "\n").map(String.init)
        let relative = lines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(relative == [
            "deep.json:1:513: error: nesting is deeper than 512 levels of arrays and objects [json-syntax]",
            "empty.json:1:1: error: the file is empty, expected a JSON value [json-syntax]",
            "nul.json:1:27: error: expected '\"' to begin an object key, found byte 0x00 [json-syntax]",
            "utf8.json:1:41: error: expected a value, found invalid UTF-8 byte 0xC3 [json-syntax]",
            "4 findings (4 errors) in 6 files",
        ])
    }
}

/// Folders of mixed files: containers, include and exclude globs, and a summary that counts
/// every file and policy.
@Suite struct InputSelectionTests {
    static let template = #"{"Resources": {"Open": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}}}}"#

    @Test func foldersMixShapesAndTheSummaryCountsEveryFileAndPolicy() throws {
        let folder = try temporaryFolder([
            "policy.json": brokenPolicy, "stack/template.json": Self.template, "package.json": #"{"name": "x", "version": "1"}"#,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = run(["lint", folder.path])
        #expect(result.status == .findings)
        #expect(result.output.contains("stack/template.json:1:175: error: Open AssumeRolePolicyDocument: statement #0 lets every AWS principal assume this role [trust-policy-open]"))
        #expect(result.output.contains("package.json:1:1: warning: expected a policy document"))
        #expect(result.output.hasSuffix("in 3 files (2 policies)\n"))
    }

    @Test func includeAndExcludeChooseTheFilesInFolders() throws {
        let folder = try temporaryFolder([
            "a.json": brokenPolicy, "node_modules/dep/b.json": brokenPolicy, "policies/c.policy": brokenPolicy, "d.json": brokenPolicy,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        func files(_ arguments: [String]) throws -> [String] {
            let result = run(["lint", "--format", "json"] + arguments + [folder.path])
            return try findingFiles(result.output).map { String($0.dropFirst(folder.path.count + 1)) }
        }
        #expect(try files([]) == ["a.json", "d.json", "node_modules/dep/b.json"])
        #expect(try files(["--exclude", "node_modules"]) == ["a.json", "d.json"])
        #expect(try files(["--include", "*.policy"]) == ["policies/c.policy"])
        #expect(try files(["--include", "*.json", "--include", "policies/*.policy", "--exclude", "d.json"])
            == ["a.json", "node_modules/dep/b.json", "policies/c.policy"])
        // Excludes apply to files named on the command line too (pre-commit passes file names).
        let named = run(["lint", "--exclude", "a.json", folder.appendingPathComponent("a.json").path, folder.appendingPathComponent("d.json").path])
        #expect(!named.output.contains("a.json:"))
        #expect(named.output.contains("d.json:"))
        // A folder with nothing to read says which globs found nothing.
        let empty = run(["lint", "--include", "*.yaml", folder.path])
        #expect(empty.status == .failure)
        #expect(empty.errors.contains("no files matching *.yaml in this folder"))
    }
}
