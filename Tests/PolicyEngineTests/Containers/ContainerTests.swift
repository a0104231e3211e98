import Foundation
import Testing

@testable import PolicyEngine

/// Reading policies out of templates, plans and snapshots: shapes, names, policy types,
/// resolved intrinsics, and positions that point into the container file.
@Suite struct ContainerTests {
    static func file(_ name: String) throws -> SourceText {
        let url = TestPaths.fixtures.appendingPathComponent("containers/\(name)")
        return SourceText(name: "containers/\(name)", bytes: Array(try Data(contentsOf: url)))
    }

    static func open(_ name: String) throws -> PolicyFile {
        PolicyFile(source: try file(name), policyType: nil)
    }

    /// Each finding as `origin line:column rule`, after linting every policy in the file.
    static func lintSummary(_ file: PolicyFile) -> [String] {
        let linter = Linter()
        var lines = file.findings.map { finding -> String in
            let position = file.source.position(of: finding.span.start)
            return "- \(position) \(finding.ruleId)"
        }
        for entry in file.entries {
            for finding in linter.lint(entry.document) {
                let position = entry.document.source.position(of: finding.span.start)
                lines.append("\(entry.origin ?? "-") \(position) \(finding.ruleId)")
            }
        }
        return lines
    }

    @Test func shapesAreRecognisedFromTheTopLevelKeys() throws {
        #expect(try Self.open("cloudformation-template.json").shape == .cloudFormation)
        #expect(try Self.open("terraform-plan.json").shape == .terraformPlan)
        #expect(try Self.open("account-snapshot.json").shape == .accountSnapshot)
        #expect(try Self.open("account-snapshot-raw.json").shape == .accountSnapshot)
        #expect(try Self.open("not-a-policy.json").shape == .unrecognized)
        func shape(_ text: String) throws -> PolicyFile.Shape { PolicyFile.shape(of: try JSONParser.parse(Array(text.utf8))) }
        #expect(try shape(#"{"Statement": []}"#) == .policy)
        #expect(try shape(#"{}"#) == .policy)
        #expect(try shape(#"{"Statment": [], "Versoin": "2012-10-17"}"#) == .policy)  // near misses: a policy with typos
        #expect(try shape(#"{"version": "1.0", "name": "x"}"#) == .unrecognized)  // a package manifest
        #expect(try shape(#"[1, 2]"#) == .unrecognized)
        #expect(try shape(#"{"Resources": {"R": {"Type": "AWS::SQS::Queue"}}}"#) == .cloudFormation)
    }

    @Test func anUnrecognizedFileGetsOneFindingAndNoPolicies() throws {
        let file = try Self.open("not-a-policy.json")
        #expect(file.entries.isEmpty)
        #expect(file.findings.map(\.ruleId) == ["unrecognized-file"])
        #expect(file.findings[0].message.contains("`name`, `version`, `dependencies`"))
    }

    @Test func everyCloudFormationPolicyIsFoundWithItsLogicalIdAndType() throws {
        let file = try Self.open("cloudformation-template.json")
        let found = file.entries.map { "\($0.origin ?? "") as \($0.document.policyType.rawValue)" }
        #expect(found == [
            "InventoryBucketPolicy PolicyDocument as resource",
            "InventoryQueuePolicy PolicyDocument as resource",
            "InventoryKey KeyPolicy as resource",
            "WorkerRole AssumeRolePolicyDocument as trust",
            "WorkerRole Policies[0] (read-inventory).PolicyDocument as identity",
            "WorkerRole Policies[1] (deploy).PolicyDocument as identity",
            "AuditRole AssumeRolePolicyDocument as trust",
            "OperatorsPolicy PolicyDocument as identity",
            "DeliveryPolicy PolicyDocument as resource",
            "InvokeFromAnywhere (Lambda permission) as resource",
            "InvokeFromBucket (Lambda permission) as resource",
            "InventoryRepository RepositoryPolicyText as resource",
            "GuardrailPolicy Content as scp",  // the TAG_POLICY is not IAM's grammar and is left out
        ])
        // Every one of them decodes without grammar errors once intrinsics are resolved.
        for entry in file.entries {
            #expect(entry.document.findings.filter { $0.severity == .error }.isEmpty, "\(entry.origin ?? "")")
        }
    }

    @Test func intrinsicsResolveToValuesOfTheRightShape() throws {
        let file = try Self.open("cloudformation-template.json")
        func text(_ origin: String) -> String {
            file.entries.first { $0.origin == origin }.map { String(decoding: $0.document.source.bytes, as: UTF8.self) } ?? ""
        }
        // Fn::Join of Fn::GetAtt Arn: the bucket's name property, itself a Fn::Sub of a parameter default.
        #expect(text("InventoryBucketPolicy PolicyDocument").contains(#""Resource":"arn:aws:s3:::inventory-test-123456789012/*""#))
        // Ref to an SNS topic is its ARN.
        #expect(text("InventoryQueuePolicy PolicyDocument").contains(#""aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:inventory""#))
        #expect(text("InventoryKey KeyPolicy").contains(#""AWS":"arn:aws:iam::123456789012:root""#))
        // ${aws:PrincipalTag/team} names nothing in the template: an IAM policy variable, kept.
        #expect(text("WorkerRole Policies[0] (read-inventory).PolicyDocument")
            .contains(#""arn:aws:s3:::inventory-test-123456789012/${aws:PrincipalTag/team}/*""#))
        // Fn::If with AWS::NoValue on one side: the side with a value is checked.
        #expect(text("WorkerRole Policies[1] (deploy).PolicyDocument")
            .contains(#""Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/inventory/app:*""#))
        // Fn::FindInMap with a parameter default as the key.
        #expect(text("OperatorsPolicy PolicyDocument").contains(#""aws:SourceIp":"198.51.100.0/24""#))
        // A whole policy built by Fn::Sub.
        #expect(text("DeliveryPolicy PolicyDocument").contains(#""Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/inventory/app:*""#))
        // An account-id parameter without a default: a placeholder that is not the stack's account.
        #expect(text("InventoryRepository RepositoryPolicyText").contains(#""AWS":"arn:aws:iam::000000000000:root""#))
    }

    @Test func givenParameterValuesWinOverDefaultsAndPlaceholders() throws {
        let file = PolicyFile(source: try Self.file("cloudformation-template.json"), policyType: nil, templateParameters: [
            "AuditAccountId": "111122223333", "AWS::AccountId": "444455556666", "Stage": "live",
        ])
        func text(_ origin: String) -> String {
            file.entries.first { $0.origin == origin }.map { String(decoding: $0.document.source.bytes, as: UTF8.self) } ?? ""
        }
        #expect(text("InventoryRepository RepositoryPolicyText").contains(#""AWS":"arn:aws:iam::111122223333:root""#))
        #expect(text("InventoryKey KeyPolicy").contains(#""AWS":"arn:aws:iam::444455556666:root""#))
        // The bucket's name is a Fn::Sub of Stage and the account; the office range a FindInMap on Stage.
        #expect(text("InventoryBucketPolicy PolicyDocument").contains(#""Resource":"arn:aws:s3:::inventory-live-444455556666/*""#))
        #expect(text("OperatorsPolicy PolicyDocument").contains(#""aws:SourceIp":"203.0.113.0/24""#))
    }

    @Test func lambdaPermissionsBecomeTheStatementLambdaWrites() throws {
        let file = try Self.open("cloudformation-template.json")
        let entry = try #require(file.entries.first { $0.origin == "InvokeFromBucket (Lambda permission)" })
        let policy = try JSONParser.parse(entry.document.source.bytes)
        let statement = try #require(policy["Statement"]?.arrayValue?.first)
        #expect(statement["Principal"]?["Service"]?.stringValue == "s3.amazonaws.com")
        #expect(statement["Action"]?.stringValue == "lambda:InvokeFunction")
        #expect(statement["Resource"]?.stringValue == "arn:aws:lambda:us-east-1:123456789012:function:inventory-worker")
        #expect(statement["Condition"]?["StringEquals"]?["aws:SourceAccount"]?.stringValue == "123456789012")
        #expect(statement["Condition"]?["ArnLike"]?["aws:SourceArn"]?.stringValue == "arn:aws:s3:::inventory-test-123456789012")
    }

    @Test func cloudFormationFindingsPointIntoTheTemplate() throws {
        let findings = Self.lintSummary(try Self.open("cloudformation-template.json"))
        // Positions checked by hand against the fixture: each is the offending value.
        #expect(findings.contains("InventoryBucketPolicy PolicyDocument 34:28 public-resource-policy"))  // "Principal": "*"
        #expect(findings.contains("WorkerRole Policies[1] (deploy).PolicyDocument 112:98 pass-role-wildcard"))  // "Resource": "*"
        #expect(findings.contains("AuditRole AssumeRolePolicyDocument 128:126 trust-policy-open"))  // inside the JSON string
        #expect(findings.contains("DeliveryPolicy PolicyDocument 154:133 service-principal-without-source"))  // inside Fn::Sub
        #expect(findings.contains("InvokeFromAnywhere (Lambda permission) 166:22 public-resource-policy"))  // "Principal": "*"
        // ECR repository policies apply to their repository: no Resource is needed.
        #expect(!findings.contains { $0.hasPrefix("InventoryRepository") })
    }

    @Test func terraformPoliciesAreFoundInEveryModuleWithTheirAddresses() throws {
        let file = try Self.open("terraform-plan.json")
        let found = file.entries.map { "\($0.origin ?? "") as \($0.document.policyType.rawValue)" }
        #expect(found == [
            "aws_iam_policy.break_glass policy as identity",
            "aws_iam_role.catalog assume_role_policy as trust",
            "aws_iam_role.catalog inline_policy[0].policy as identity",
            "aws_iam_role_policy.deployer[\"ci\"] policy as identity",
            "aws_organizations_policy.regions content as scp",
            "aws_ecr_repository_policy.catalog policy as resource",
            "module.events.aws_sqs_queue_policy.this policy as resource",
        ])
        let findings = Self.lintSummary(file)
        #expect(findings.contains("aws_iam_policy.break_glass policy 17:131 full-admin"))  // the escaped "*" in the string
        #expect(findings.contains("aws_iam_role.catalog assume_role_policy 30:134 trust-policy-open"))
        #expect(findings.contains("module.events.aws_sqs_queue_policy.this policy 122:139 public-resource-policy"))
        // The nested module's queue policy is computed at apply; the bucket's optional policy
        // attribute, unknown in every plan, is not worth a note.
        #expect(file.findings.map(\.ruleId) == ["policy-unknown-until-apply"])
        #expect(file.findings[0].message.contains("module.events.module.dlq.aws_sqs_queue_policy.this"))
        #expect(file.source.position(of: file.findings[0].span.start) == SourcePosition(line: 330, column: 18))
    }

    @Test func terraformLambdaPermissionsBecomeTheStatementLambdaWrites() throws {
        let file = try Self.open("terraform-plan-lambda.json")
        #expect(file.entries.map { $0.origin ?? "" } == [
            "aws_lambda_permission.from_anyone (Lambda permission)", "aws_lambda_permission.from_bucket (Lambda permission)",
        ])
        let statement = try #require(try JSONParser.parse(file.entries[1].document.source.bytes)["Statement"]?.arrayValue?.first)
        #expect(statement["Principal"]?["Service"]?.stringValue == "s3.amazonaws.com")
        #expect(statement["Resource"]?.stringValue == "arn:aws:lambda:eu-west-1:444455556666:function:thumbnailer")
        #expect(statement["Condition"]?["StringEquals"]?["aws:SourceAccount"]?.stringValue == "444455556666")
        #expect(statement["Condition"]?["ArnLike"]?["aws:SourceArn"]?.stringValue == "arn:aws:s3:::catalog-uploads")
        // A null attribute (unset in the configuration) adds no condition.
        let open = try #require(try JSONParser.parse(file.entries[0].document.source.bytes)["Statement"]?.arrayValue?.first)
        #expect(open["Condition"] == nil)
        #expect(Self.lintSummary(file).contains("aws_lambda_permission.from_anyone (Lambda permission) 17:26 public-resource-policy"))
    }

    @Test func snapshotsGiveTheSamePoliciesWhetherDocumentsAreObjectsOrURLEncoded() throws {
        let plain = try Self.open("account-snapshot.json")
        let raw = try Self.open("account-snapshot-raw.json")
        let expected = [
            "user/dana inline policy 'own-keys'", "group/engineers inline policy 'pass-any'",
            "role/service/catalog-api trust policy", "role/service/catalog-api inline policy 'write-tables'",
            "role/partner-audit trust policy",
            "policy/app/catalog-read default version v2", "policy/engineer-boundary default version v1",
        ]
        #expect(plain.entries.map { $0.origin ?? "" } == expected)
        #expect(raw.entries.map { $0.origin ?? "" } == expected)
        for (left, right) in zip(plain.entries, raw.entries) {
            let statements = try #require(left.document.policy?.statements.count)
            #expect(statements > 0)
            #expect(right.document.policy?.statements.count == statements)
            #expect(left.document.json?["Statement"]?.arrayValue?.count == right.document.json?["Statement"]?.arrayValue?.count)
        }
        // Findings in the URL-encoded form point at the encoded characters.
        let findings = Self.lintSummary(raw)
        #expect(findings.contains("role/partner-audit trust policy 93:181 trust-policy-open"))  // %22%2A%22
        #expect(Self.lintSummary(plain).contains("role/partner-audit trust policy 138:22 trust-policy-open"))
    }

    @Test func snapshotModelGathersEachPrincipalsPolicies() throws {
        let source = try Self.file("account-snapshot.json")
        let snapshot = AccountSnapshot(source: source, json: try JSONParser.parse(source.bytes))
        #expect(snapshot.users.map(\.name) == ["dana", "robot"])
        #expect(snapshot.users[0].groupNames == ["engineers"])
        #expect(snapshot.users[1].permissionsBoundaryArn == "arn:aws:iam::444455556666:policy/engineer-boundary")
        #expect(snapshot.roles.map(\.arn) == ["arn:aws:iam::444455556666:role/service/catalog-api", "arn:aws:iam::444455556666:role/partner-audit"])
        #expect(snapshot.managedPolicies["arn:aws:iam::444455556666:policy/app/catalog-read"]?.document?.property == "default version v2")
        #expect(snapshot.findings.isEmpty)
    }

    @Test func mappedTextKeepsTheOffsetOfEveryDecodedByte() throws {
        let json = try JSONParser.parse(Array(#"{"p": "a\u00e9\"b"}"#.utf8))
        let value = try #require(json["p"])
        let content = try #require(MappedText.content(of: value))
        #expect(content.string == "aé\"b")
        // a at 7; é (two bytes) from the escape at 8; the quote from `\"` at 14; b at 16.
        #expect(content.offsets == [7, 8, 8, 14, 16])
        var encoded = MappedText()
        encoded.append("%7B%22x%22%7D", at: 0)
        #expect(encoded.percentDecoded()?.string == "{\"x\"}")
        var broken = MappedText()
        broken.append("%7", at: 0)
        #expect(broken.percentDecoded() == nil)
    }

    @Test func invalidEmbeddedPoliciesAreReportedAndTheRestStillRead() throws {
        let template = #"""
        {"Resources": {
          "Bad": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": 42}},
          "NotJSON": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"PolicyDocument": "Statement: none"}},
          "Good": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}
        }}
        """#
        let file = PolicyFile(source: SourceText(name: "t.json", text: template), policyType: nil)
        #expect(file.findings.map(\.ruleId) == ["invalid-embedded-policy"])
        #expect(file.source.position(of: file.findings[0].span.start) == SourcePosition(line: 2, column: 72))
        #expect(file.entries.map { $0.origin ?? "" } == ["NotJSON PolicyDocument", "Good PolicyDocument"])
        // The string that is not JSON is reported where it is, as JSON syntax.
        let notJSON = file.entries[0].document.findings.map(\.ruleId)
        #expect(notJSON == ["json-syntax"])
    }
}

/// A holder that says how IAM stores an identity policy brings that policy's size quota.
@Suite struct ContainerSizeQuotaTests {
    /// About 6,800 characters without white space: over a managed policy's 6,144, under a role's 10,240.
    static let wide = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["#
        + (0..<180).map { #""arn:aws:s3:::inventory-bucket-\#($0)/*""# }.joined(separator: ", ") + "]}]}"

    static func quotaFindings(_ template: String) -> [String] {
        let file = PolicyFile(source: SourceText(name: "t.json", text: template), policyType: nil)
        return file.entries.flatMap { entry in
            Linter().lint(entry.document).filter { $0.ruleId == "policy-size-quota" }.map { "\(entry.origin ?? "") \($0.message)" }
        }
    }

    @Test func managedPoliciesAreHeldToTheManagedQuota() {
        #expect(PolicySizeQuotaRule.size(of: Array(Self.wide.utf8)[...], countingWhitespaceInStrings: false) > 6_144)
        let managed = Self.quotaFindings(#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": \#(Self.wide)}}}}"#)
        #expect(managed.count == 1)
        #expect(managed.first?.contains("more than the 6144 of its quota (a managed policy's)") == true)
        // The same policy inline in a role is within the role's quota; in a bare file, within 10,240.
        let inline = Self.quotaFindings(#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "Policies": [{"PolicyName": "p", "PolicyDocument": \#(Self.wide)}]}}}}"#)
        #expect(inline.isEmpty)
        let bare = PolicyDocument(source: SourceText(name: "p.json", text: Self.wide), policyType: .identity)
        #expect(Linter().lint(bare).filter { $0.ruleId == "policy-size-quota" }.isEmpty)
    }
}
