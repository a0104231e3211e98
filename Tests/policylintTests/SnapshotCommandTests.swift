import Foundation
import Testing

@testable import PolicyLintCLI

/// `simulate --account` and `who-can` over Fixtures/containers/account-snapshot.json, whose
/// principals are: dana (user, in group engineers: inline PassRole on *, catalog-read
/// attached; own inline CreateAccessKey on herself), robot (user, AdministratorAccess
/// attached but absent from the snapshot, boundary engineer-boundary), catalog-api (role,
/// inline dynamodb:PutItem, catalog-read attached), partner-audit (role trusting AWS "*").
@Suite struct SnapshotCommandTests {
    static let snapshot = Fixtures.root.appendingPathComponent("Fixtures/containers/account-snapshot.json").path
    static let rawSnapshot = Fixtures.root.appendingPathComponent("Fixtures/containers/account-snapshot-raw.json").path

    static func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test(arguments: [snapshot, rawSnapshot])
    func whoCanListsTheAllowedPrincipalsWithTheirStatements(file: String) throws {
        let result = run(["who-can", "--account", file, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::catalog-assets/logo.png",
            "--format", "json"])
        #expect(result.status == .success, "\(result.errors)")
        let principals = try #require(try Self.json(result.output)["principals"] as? [[String: Any]])
        // dana through her group's attached policy, catalog-api through its own; robot's only
        // grant (AdministratorAccess) is not in the snapshot, partner-audit has ReadOnlyAccess, also absent.
        #expect(principals.map { $0["arn"] as? String } == [
            "arn:aws:iam::444455556666:user/dana", "arn:aws:iam::444455556666:role/service/catalog-api",
        ])
        #expect(principals.allSatisfy { $0["decision"] as? String == "allowed" })
        let matched = try #require((principals[0]["matchedStatements"] as? [[String: Any]])?.first)
        #expect(matched["SourcePolicyId"] as? String == "arn:aws:iam::444455556666:policy/app/catalog-read")
        #expect(matched["SourcePolicyType"] as? String == "identity")
        // The default version (v2), not v1, and its position in the snapshot file.
        let start = try #require(matched["StartPosition"] as? [String: Int])
        #expect(start["Line"] == (file == Self.snapshot ? 187 : 125))
    }

    @Test func whoCanUsesGroupPoliciesAndTheRolesTrustPolicy() throws {
        let passRole = run(["who-can", "--account", Self.snapshot, "-a", "iam:PassRole", "-r", "arn:aws:iam::444455556666:role/service/catalog-api"])
        #expect(passRole.output.hasPrefix("1 principal can iam:PassRole on arn:aws:iam::444455556666:role/service/catalog-api:\n  arn:aws:iam::444455556666:user/dana\n"))
        #expect(passRole.output.contains("matched: identity policy `group/engineers inline policy 'pass-any'` statement 0 `PassAny` (Allow) at 64:15"))
        // sts:AssumeRole on partner-audit: its trust policy allows every AWS principal.
        let assume = run(["who-can", "--account", Self.snapshot, "-a", "sts:AssumeRole", "-r", "arn:aws:iam::444455556666:role/partner-audit", "--format", "json"])
        let principals = try #require(try Self.json(assume.output)["principals"] as? [[String: Any]])
        #expect(principals.count == 3)
        let matched = try #require((principals[0]["matchedStatements"] as? [[String: Any]])?.first)
        #expect(matched["SourcePolicyType"] as? String == "resource")
        #expect(matched["SourcePolicyId"] as? String == "role/partner-audit trust policy")
    }

    @Test func nobodyIsAListToo() {
        let result = run(["who-can", "--account", Self.snapshot, "-a", "s3:DeleteBucket", "-r", "arn:aws:s3:::catalog-assets"])
        #expect(result.status == .success)
        #expect(result.output == "0 principals can s3:DeleteBucket on arn:aws:s3:::catalog-assets\n")
    }

    @Test func simulateGathersAPrincipalsPoliciesFromTheSnapshot() throws {
        // A session of catalog-api: the role's inline policy allows PutItem.
        let session = run(["simulate", "--account", Self.snapshot, "--principal", "arn:aws:sts::444455556666:assumed-role/catalog-api/run-1",
            "-a", "dynamodb:PutItem", "-a", "dynamodb:DeleteTable", "-r", "arn:aws:dynamodb:eu-west-1:444455556666:table/catalog", "--format", "json"])
        #expect(session.status == .success, "\(session.errors)")
        let results = try #require(try Self.json(session.output)["EvaluationResults"] as? [[String: Any]])
        #expect(results.map { $0["EvalDecision"] as? String } == ["allowed", "implicitDeny"])
        // dana may create access keys for herself only: ${aws:username} is substituted.
        let own = run(["simulate", "--account", Self.snapshot, "--principal", "arn:aws:iam::444455556666:user/dana",
            "-a", "iam:CreateAccessKey", "-r", "arn:aws:iam::444455556666:user/dana", "-r", "arn:aws:iam::444455556666:user/robot"])
        #expect(own.output.contains("iam:CreateAccessKey on arn:aws:iam::444455556666:user/dana: allowed"))
        #expect(own.output.contains("iam:CreateAccessKey on arn:aws:iam::444455556666:user/robot: implicitDeny"))
    }

    @Test func policiesMissingFromTheSnapshotAreNamedAndABoundaryMissingFailsClosed() throws {
        let robot = run(["simulate", "--account", Self.snapshot, "--principal", "arn:aws:iam::444455556666:user/robot", "-a", "s3:GetObject",
            "-r", "arn:aws:s3:::catalog-assets/x"])
        #expect(robot.errors.contains("`arn:aws:iam::aws:policy/AdministratorAccess` is attached to arn:aws:iam::444455556666:user/robot but not in the snapshot"))
        #expect(robot.output.contains("implicitDeny"))

        // The same snapshot without the boundary's document: robot's decisions cannot be made.
        var text = try String(contentsOfFile: Self.snapshot, encoding: .utf8)
        text = text.replacingOccurrences(of: "arn:aws:iam::444455556666:policy/engineer-boundary\",\n      \"Path\"", with: "arn:aws:iam::444455556666:policy/renamed\",\n      \"Path\"")
        #expect(!text.contains("policy/engineer-boundary\",\n      \"Path\""))
        let folder = try temporaryFolder(["snapshot.json": text, "admin.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#])
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("snapshot.json").path
        let undecided = run(["simulate", "--account", snapshot, "--principal", "arn:aws:iam::444455556666:user/robot", "-a", "s3:GetObject", "-r", "*"])
        #expect(undecided.status == .failure)
        #expect(undecided.output.contains("is the permissions boundary but is not in the snapshot"))
        #expect(!undecided.output.contains(": allowed"))
        let whoCan = run(["who-can", "--account", snapshot, "-a", "s3:GetObject", "-r", "arn:aws:s3:::catalog-assets/x", "--format", "json"])
        let listed = try Self.json(whoCan.output)
        #expect((listed["principals"] as? [[String: Any]])?.contains { $0["arn"] as? String == "arn:aws:iam::444455556666:user/robot" } == false)
        #expect((listed["undecided"] as? [[String: Any]])?.map { $0["arn"] as? String } == ["arn:aws:iam::444455556666:user/robot"])
    }

    @Test func badSnapshotsAndPrincipalsGetClearMessages() throws {
        let notSnapshot = Fixtures.root.appendingPathComponent("Fixtures/containers/terraform-plan.json").path
        let wrongShape = run(["who-can", "--account", notSnapshot, "-a", "s3:GetObject"])
        #expect(wrongShape.status == .failure)
        #expect(wrongShape.errors.contains("expected an account snapshot (aws iam get-account-authorization-details output), found a Terraform plan"))
        let unknown = run(["simulate", "--account", Self.snapshot, "--principal", "arn:aws:iam::444455556666:user/nobody", "-a", "s3:GetObject"])
        #expect(unknown.status == .failure)
        #expect(unknown.errors.contains("'arn:aws:iam::444455556666:user/nobody' is not a user or role in the snapshot"))
        let conflict = run(["simulate", "--account", Self.snapshot, "--identity-policy", "x.json", "--principal", "arn:aws:iam::444455556666:user/dana", "-a", "s3:GetObject"])
        #expect(conflict.status == .failure)
        #expect(conflict.errors.contains("'--identity-policy' cannot be combined with '--account'"))
        let missing = run(["who-can", "-a", "s3:GetObject"])
        #expect(missing.errors.contains("Missing expected option '--account <snapshot>'"))
    }
}
