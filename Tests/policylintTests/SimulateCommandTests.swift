import Foundation
import Testing

@testable import PolicyLintCLI

@Suite struct SimulateCommandTests {
    static let identity = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret/*"}]}"#

    @Test func everyActionIsEvaluatedOnEveryResource() throws {
        let folder = try temporaryFolder(["id.json": Self.identity])
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("id.json").path
        let result = run(["simulate", "--identity-policy", policy, "--principal", "arn:aws:iam::111122223333:user/alice",
            "-a", "s3:GetObject", "-a", "s3:PutObject", "-r", "arn:aws:s3:::b/x", "-r", "arn:aws:s3:::b/secret/y", "--format", "json"])
        #expect(result.status == .success, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let results = try #require(object["EvaluationResults"] as? [[String: Any]])
        #expect(results.map { $0["EvalDecision"] as? String } == ["allowed", "explicitDeny", "implicitDeny", "implicitDeny"])
        #expect(results.map { $0["EvalActionName"] as? String } == ["s3:GetObject", "s3:GetObject", "s3:PutObject", "s3:PutObject"])
        let matched = try #require((results[1]["MatchedStatements"] as? [[String: Any]])?.first)
        #expect(matched["SourcePolicyId"] as? String == policy)
        #expect(matched["SourcePolicyType"] as? String == "identity")
        let start = try #require(matched["StartPosition"] as? [String: Int])
        #expect(start == ["Line": 1, "Column": 130])
    }

    @Test func contextValuesAndMissingKeys() throws {
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#
        let folder = try temporaryFolder(["p.json": policy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("p.json").path
        let base = ["simulate", "--identity-policy", path, "--principal", "arn:aws:iam::111122223333:user/alice", "-a", "ec2:CreateTags"]
        let allowed = run(base + ["--context", "aws:TagKeys=env,team", "-c", "aws:SourceIp=203.0.113.9"])
        #expect(allowed.output.hasPrefix("ec2:CreateTags on *: allowed\n"))
        let missing = run(base + ["--context", "aws:TagKeys=env,cost"])
        #expect(missing.output.contains("implicitDeny"))
        #expect(missing.output.contains("  missing context keys: aws:SourceIp\n"))
    }

    @Test func scenarioExpectationsSetTheExitStatus() throws {
        let scenario = """
            {"identityPolicies": ["id.json"], "requests": [
              {"name": "read", "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/x", "expect": "allowed"},
              {"name": "wrong on purpose", "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/secret/x", "expect": "allowed"}
            ]}
            """
        let folder = try temporaryFolder(["id.json": Self.identity, "s.json": scenario])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.json").path
        let result = run(["simulate", "--scenario", path])
        #expect(result.status == .findings)
        #expect(result.output.contains("\(path):3:3: s3:GetObject on arn:aws:s3:::b/secret/x: explicitDeny (wrong on purpose)\n"))
        #expect(result.output.contains("  FAILED: expected allowed\n"))
        #expect(result.output.hasSuffix("2 requests evaluated; 1 passed, 1 failed\n"))
    }

    @Test func inputErrorsExitWithTwo() throws {
        let folder = try temporaryFolder(["bad.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"a": "b"}}}]}"#])
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.json").path
        let undecidable = run(["simulate", "--identity-policy", bad, "--principal", "arn:aws:iam::111122223333:user/alice", "-a", "s3:GetObject"])
        #expect(undecidable.status == .failure)
        #expect(undecidable.output.contains("implicitDeny"))
        #expect(undecidable.output.contains("unknown condition operator `StringEqualz`; did you mean `StringEquals`?"))

        let missing = run(["simulate", "--identity-policy", folder.appendingPathComponent("nope.json").path, "--principal", "anonymous", "-a", "s3:GetObject"])
        #expect(missing.status == .failure)
        #expect(missing.errors.hasPrefix("policylint: error: cannot read"))

        #expect(run(["simulate", "-a", "s3:GetObject"]).errors.hasPrefix("Error: Missing expected option '--principal <arn>'"))
        #expect(run(["simulate", "--principal", "bob", "-a", "x"]).errors.hasPrefix("Error: The value 'bob' is invalid for '--principal <arn>'"))
        #expect(run(["simulate", "--scenario", "s.json", "--principal", "anonymous"]).errors
            .hasPrefix("Error: '--principal' cannot be combined with '--scenario'"))
    }

    @Test func theRepositoryScenariosPassThroughTheCommand() throws {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 20)
        for file in files {
            let result = run(["simulate", "--scenario", folder.appendingPathComponent(file).path])
            let expected: PolicyLintCLI.ExitStatus = file.hasPrefix("fail-closed") ? .failure : .success
            #expect(result.status == expected, "\(file): \(result.output)")
        }
    }
}
