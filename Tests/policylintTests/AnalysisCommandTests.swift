import Foundation
import Testing

@testable import PolicyLintCLI

@Suite struct AnalysisCommandTests {
    static let old = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/secret/*"}]}"#
    static let new = "{\"Version\": \"2012-10-17\", \"Statement\": [\n {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"arn:aws:s3:::b/*\"},\n {\"Sid\": \"Write\", \"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::b/uploads/*\", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}},\n {\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::b/secret/*\"}]}"
    static let bucket = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}}}, {"Sid": "Org", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::site", "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}}]}"#

    func withFiles(_ body: (URL) throws -> Void) throws {
        let folder = try temporaryFolder(["old.json": Self.old, "new.json": Self.new, "bucket.json": Self.bucket,
            "bad.json": "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringEqualz\": {\"a\": \"b\"}}}]}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    @Test func diffReportsAWitnessAndTheGrantingStatement() throws {
        try withFiles { folder in
            let old = folder.appendingPathComponent("old.json").path
            let new = folder.appendingPathComponent("new.json").path
            let text = run(["diff", old, new])
            #expect(text.status == .findings)
            #expect(text.output.hasPrefix("new access: NEW allows a request that OLD does not\n"))
            #expect(text.output.contains("    action:    s3:PutObject\n"))
            #expect(text.output.contains("    context:   aws:SourceIp=10.0.0.0\n"))
            #expect(text.output.contains("  granted by: statement `Write` #1 at \(new):3:2\n"))

            let json = run(["diff", old, new, "--format", "json"])
            #expect(json.status == .findings)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(object["newAccess"] as? Bool == true)
            #expect(object["exact"] as? Bool == true)
            let witness = try #require(object["witness"] as? [String: Any])
            #expect(witness["action"] as? String == "s3:PutObject")
            #expect((witness["resource"] as? String)?.hasPrefix("arn:aws:s3:::b/uploads/") == true)
            #expect(witness["principal"] as? String == "arn:aws:iam::999911112222:user/witness")
            #expect((witness["context"] as? [String: Any])?["aws:SourceIp"] as? String == "10.0.0.0")

            let reverse = run(["diff", new, old, "--format", "json"])
            #expect(reverse.status == .success)
            #expect(reverse.output.hasPrefix(#"{"newAccess":false,"exact":true,"witness":null"#))
            #expect(run(["diff", old, old]).output == "no new access: every request NEW allows, OLD allows too\n")
        }
    }

    @Test func checkAccessNotGranted() throws {
        try withFiles { folder in
            let new = folder.appendingPathComponent("new.json").path
            let pass = run(["check-access-not-granted", new, "-a", "s3:DeleteObject", "-a", "iam:*"])
            #expect(pass.status == .success)
            #expect(pass.output == "PASS: no request for that access is allowed\n")
            #expect(run(["check-access-not-granted", new, "-a", "s3:GetObject", "-r", "arn:aws:s3:::other/*"]).status == .success)
            let fail = run(["check-access-not-granted", new, "--action", "s3:PutObject", "--format", "json"])
            #expect(fail.status == .findings)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(fail.output.utf8)) as? [String: Any])
            #expect(object["granted"] as? Bool == true)
            #expect((object["witness"] as? [String: Any])?["action"] as? String == "s3:PutObject")
            #expect(run(["check-access-not-granted", new]).errors.hasPrefix("Error: Missing expected option '--action <name>'"))
        }
    }

    @Test func checkNoPublicAccess() throws {
        try withFiles { folder in
            let bucket = folder.appendingPathComponent("bucket.json").path
            let result = run(["check-no-public-access", bucket, "--resource-type", "AWS::S3::Bucket"])
            #expect(result.status == .findings)
            #expect(result.output.hasPrefix("FAIL: the policy allows public access\n"))
            #expect(result.output.contains("    action:    s3:ListBucket\n"))
            #expect(result.output.contains("statement `Org` #1"))
            #expect(run(["check-no-public-access", bucket, "--resource-type", "AWS::SQS::Queue"]).status == .success)
            let typo = run(["check-no-public-access", bucket, "--resource-type", "AWS::S3::Bukcet"])
            #expect(typo.status == .failure)
            #expect(typo.errors.hasPrefix("Error: The value 'AWS::S3::Bukcet' is invalid for '--resource-type <type>'. Did you mean 'AWS::S3::Bucket'?"))
        }
    }

    @Test func badInputExitsWithTwoAndAPlace() throws {
        try withFiles { folder in
            let bad = folder.appendingPathComponent("bad.json").path
            let old = folder.appendingPathComponent("old.json").path
            let result = run(["diff", old, bad])
            #expect(result.status == .failure)
            #expect(result.errors.hasPrefix("policylint: error: \(bad):2:"), "\(result.errors)")
            #expect(result.errors.contains("unknown condition operator `StringEqualz`"))
            let missing = run(["diff", old, folder.appendingPathComponent("nope.json").path])
            #expect(missing.status == .failure)
            #expect(missing.errors.hasPrefix("policylint: error: cannot read"))
            #expect(run(["diff", old]).errors.hasPrefix("Error: Missing expected argument '<new>'"))
        }
    }

    @Test func helpNamesEveryOption() {
        let help = run(["help", "diff"])
        #expect(help.status == .success)
        #expect(help.output.contains("USAGE: policylint diff [--policy-type <type>] [--format <format>] <old> <new>\n"))
        #expect(run(["help", "check-access-not-granted"]).output.contains("-a, --action <name>"))
        #expect(run(["check-no-public-access", "--help"]).output.contains("--resource-type <type>"))
    }
}
