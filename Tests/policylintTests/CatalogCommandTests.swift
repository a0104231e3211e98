import Foundation
import PolicyEngine
import Testing

@testable import PolicyLintCLI

@Suite struct CatalogCommandTests {
    @Test func expandListsEachActionWithItsAccessLevel() {
        let result = run(["expand", "s3:GetObject", "iam:PassRole", "s3:PutObjectTagging"])
        #expect(result.status == .success)
        #expect(result.errors.isEmpty)
        #expect(result.output == """
            iam:PassRole         Write
            s3:GetObject         Read
            s3:PutObjectTagging  Tagging, Write

            """)
    }

    @Test func expandPrintsEveryMatchOnceInCatalogOrder() {
        let result = run(["expand", "s3:Get*", "S3:GETOBJECT"])
        #expect(result.status == .success)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == ServiceCatalog.shared.expand("s3:Get*").count)
        #expect(lines.first?.hasPrefix("s3:GetAccelerateConfiguration ") == true)
        #expect(lines.filter { $0.hasPrefix("s3:GetObject ") }.count == 1)
    }

    @Test func expandWritesJSON() throws {
        let result = run(["expand", "--format", "json", "ec2:*Instances"])
        #expect(result.status == .success)
        #expect(result.output.hasPrefix(#"{"actions":[{"action":"ec2:DeleteQueuedReservedInstances","accessLevel":"Write"},"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(actions.count == ServiceCatalog.shared.expand("ec2:*Instances").count)
        #expect(actions.allSatisfy { ($0["action"] as? String)?.hasSuffix("Instances") == true && $0["accessLevel"] is String })
        #expect(actions.contains { $0["action"] as? String == "ec2:RunInstances" && $0["accessLevel"] as? String == "Write" })
    }

    @Test func expandOfAServiceWildcard() {
        let result = run(["expand", "*:DescribeInstances"])
        #expect(result.status == .success)
        #expect(result.output.contains("ec2:DescribeInstances"))
        #expect(result.output.split(separator: "\n").allSatisfy { $0.contains(":DescribeInstances ") })
    }

    @Test func aPatternThatMatchesNothingExitsOneWithASuggestion() {
        let result = run(["expand", "s3:GetObjct", "iam:PassRole"])
        #expect(result.status == .notFound)
        #expect(result.status.rawValue == 1)
        #expect(result.output == "iam:PassRole  Write\n")  // the patterns that match are still listed
        #expect(result.errors == "policylint: error: unknown action `s3:GetObjct`\n  help: did you mean `s3:GetObject`?\n")

        let pattern = run(["expand", "s3:Gte*"])
        #expect(pattern.status == .notFound)
        #expect(pattern.errors == "policylint: error: `s3:Gte*` matches no action\n")

        let service = run(["expand", "lamda:InvokeFunction"])
        #expect(service.errors == "policylint: error: unknown service `lamda` in `lamda:InvokeFunction`\n  help: did you mean `lambda:InvokeFunction`?\n")
    }

    @Test func retiredActionsAreListedOnlyWhenAskedFor() {
        let hidden = run(["expand", "codestar:*"])
        #expect(hidden.status == .notFound)
        #expect(hidden.output.isEmpty)
        #expect(hidden.errors == "policylint: error: `codestar:*` matches only retired actions\n  help: `--include-deprecated` lists them\n")

        let shown = run(["expand", "--include-deprecated", "codestar:CreateProject", "s3:GetObject"])
        #expect(shown.status == .success)
        #expect(shown.output == """
            codestar:CreateProject  Permissions management  (deprecated)
            s3:GetObject            Read

            """)
        let json = run(["expand", "--include-deprecated", "-f", "json", "codestar:CreateProject"])
        #expect(json.output == #"{"actions":[{"action":"codestar:CreateProject","accessLevel":"Permissions management","deprecated":true}]}"# + "\n")
    }

    @Test(arguments: [
        (["expand"], "Missing expected argument '<patterns> ...'"),
        (["expand", "--format", "xml", "s3:*"], "The value 'xml' is invalid for '--format <format>'. Please provide one of 'text' or 'json'."),
        (["expand", "--include-deprecatd", "s3:*"], "Unknown option '--include-deprecatd'. Did you mean '--include-deprecated'?"),
        (["describe"], "Missing expected argument '<action>'"),
        (["describe", "s3:GetObject", "s3:PutObject"], "Unexpected argument 's3:PutObject'"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.status == .failure)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("Error: \(message)\nUsage: policylint \(arguments[0]) "))
    }

    @Test func textThatIsNotAnActionExitsTwo() {
        let result = run(["expand", "GetObject"])
        #expect(result.status == .failure)
        #expect(result.errors == "policylint: error: `GetObject` is not an action; write it as `service:action`, such as `s3:GetObject`\n")
        #expect(run(["describe", "GetObject"]).status == .failure)
        let pattern = run(["describe", "s3:Get*"])
        #expect(pattern.status == .failure)
        #expect(pattern.errors == "policylint: error: `s3:Get*` is a pattern; describe takes one action\n  help: `policylint expand 's3:Get*'` lists the actions it matches\n")
    }

    @Test func describeShowsEverythingTheCatalogKnows() {
        let result = run(["describe", "iam:passrole"])
        #expect(result.status == .success)
        #expect(result.errors.isEmpty)
        #expect(result.output == """
            iam:PassRole (AWS Identity and Access Management (IAM))
            access level: Write
            resource types (* = required):
              role*  arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}
            condition keys:
              iam:AssociatedResourceArn  ARN
              iam:PassedToService        String
            dependent actions: none

            """)
    }

    @Test func describeOfAnActionThatTakesOnlyAStar() {
        let result = run(["describe", "s3:ListAllMyBuckets"])
        #expect(result.output.contains("access level: List\n"))
        #expect(result.output.contains("resource types: none; the action takes only \"Resource\": \"*\"\n"))
    }

    @Test func describeListsDependentActions() {
        let result = run(["describe", "ec2:RunInstances"])
        #expect(result.output.contains("\n  image*  "))
        #expect(result.output.hasSuffix("dependent actions: ec2:CreateTags, iam:PassRole, ssm:GetParameters\n"))
    }

    @Test func describeWritesJSON() throws {
        let result = run(["describe", "--format=json", "kms:Decrypt"])
        #expect(result.status == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["action"] as? String == "kms:Decrypt")
        #expect(object["accessLevel"] as? String == "Write")
        #expect(object["deprecated"] as? Bool == false)
        #expect(object["resourceLevelPermissions"] as? Bool == true)
        let resources = try #require(object["resourceTypes"] as? [[String: Any]])
        #expect(resources.first?["name"] as? String == "key")
        #expect(resources.first?["required"] as? Bool == true)
        #expect((resources.first?["arnFormats"] as? [String])?.first?.hasPrefix("arn:${Partition}:kms:") == true)
        let keys = try #require(object["conditionKeys"] as? [[String: Any]])
        #expect(keys.contains { $0["key"] as? String == "kms:EncryptionContextKeys" && $0["type"] as? String == "ArrayOfString" })
    }

    @Test func describeOfAnUnknownActionExitsOneWithASuggestion() {
        let result = run(["describe", "s3:GetObjct"])
        #expect(result.status == .notFound)
        #expect(result.output.isEmpty)
        #expect(result.errors == "policylint: error: unknown action `s3:GetObjct`\n  help: did you mean `s3:GetObject`?\n")
    }

    @Test func describeOfRetiredActionsAndServices() {
        let action = run(["describe", "billing:GetMonthlyTracking"])
        #expect(action.status == .success)
        #expect(action.output.hasPrefix("billing:GetMonthlyTracking (AWS Billing)\ndeprecated: AWS has retired this action\n"))
        let ofService = run(["describe", "codestar:CreateProject"])
        #expect(ofService.output.hasPrefix("codestar:CreateProject (AWS CodeStar)\ndeprecated: AWS has retired the service `codestar`\n"))
        #expect(ofService.output.contains("access level: Permissions management\n"))
        let service = run(["describe", "mobilehub:GetProject"])
        #expect(service.status == .success)
        #expect(service.output == "mobilehub:GetProject (AWS Mobile Hub)\ndeprecated: AWS has retired the service `mobilehub`; the catalog keeps no details of its actions\n")
    }

    @Test func helpForTheCatalogCommands() {
        let expand = run(["help", "expand"])
        #expect(expand.status == .success)
        #expect(expand.output == run(["expand", "--help"]).output)
        #expect(expand.output.contains("USAGE: policylint expand [--format <format>] [--include-deprecated] <patterns> ...\n"))
        let describe = run(["help", "describe"])
        #expect(describe.output == run(["describe", "-h"]).output)
        #expect(describe.output.contains("USAGE: policylint describe [--format <format>] <action>\n"))
        for line in (expand.output + describe.output).split(separator: "\n") {
            #expect(line.count <= 80 || line.hasPrefix("USAGE"))
        }
    }
}
