/// Rhino Security Labs' AWS privilege-escalation methods, as data: a method is reported when
/// the policy grants every one of its actions on every resource, without a restricting
/// condition and without a Deny that takes one of them away.
struct PrivilegeEscalationRule: LintRule {
    static let description = RuleDescription(
        id: "privilege-escalation",
        summary: "A policy should not grant a known privilege-escalation path",
        rationale: """
            Each of these combinations lets a principal give itself more permissions than the policy \
            grants: by editing policies, by creating credentials for others, or by passing a stronger \
            role to a service that runs code. The methods are Rhino Security Labs' published list \
            (github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation), multi-action combinations \
            included; a method is reported only when all of its actions are granted on every resource.
            """,
        severity: .error, category: .privilegeEscalation,
        policyTypes: [.identity, .boundary, .session],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"iam:CreatePolicyVersion", "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [↓"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::111122223333:policy/team/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#),
        ])

    struct Method: Sendable {
        var name: String
        var actions: [String]
    }

    /// The 28 methods of Rhino Security Labs' list, numbered as there.
    static let methods: [Method] = [
        Method(name: "creating a new policy version", actions: ["iam:CreatePolicyVersion"]),
        Method(name: "setting the default policy version", actions: ["iam:SetDefaultPolicyVersion"]),
        Method(name: "passing a role to a new EC2 instance", actions: ["iam:PassRole", "ec2:RunInstances"]),
        Method(name: "creating an access key for another user", actions: ["iam:CreateAccessKey"]),
        Method(name: "creating a login profile for another user", actions: ["iam:CreateLoginProfile"]),
        Method(name: "updating another user's login profile", actions: ["iam:UpdateLoginProfile"]),
        Method(name: "attaching a policy to a user", actions: ["iam:AttachUserPolicy"]),
        Method(name: "attaching a policy to a group", actions: ["iam:AttachGroupPolicy"]),
        Method(name: "attaching a policy to a role", actions: ["iam:AttachRolePolicy"]),
        Method(name: "writing an inline policy on a user", actions: ["iam:PutUserPolicy"]),
        Method(name: "writing an inline policy on a group", actions: ["iam:PutGroupPolicy"]),
        Method(name: "writing an inline policy on a role", actions: ["iam:PutRolePolicy"]),
        Method(name: "adding a user to a group", actions: ["iam:AddUserToGroup"]),
        Method(name: "rewriting a role's trust policy and assuming it", actions: ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]),
        Method(name: "passing a role to a new Lambda function and invoking it",
            actions: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]),
        Method(name: "passing a role to a new Lambda function and letting another account invoke it",
            actions: ["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"]),
        Method(name: "passing a role to a new Lambda function triggered by DynamoDB",
            actions: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:PutItem", "dynamodb:CreateTable"]),
        Method(name: "replacing an existing Lambda function's code", actions: ["lambda:UpdateFunctionCode"]),
        Method(name: "passing a role to a new Glue development endpoint", actions: ["iam:PassRole", "glue:CreateDevEndpoint"]),
        Method(name: "updating an existing Glue development endpoint", actions: ["glue:UpdateDevEndpoint"]),
        Method(name: "passing a role to a new CloudFormation stack", actions: ["iam:PassRole", "cloudformation:CreateStack"]),
        Method(name: "passing a role to a new Data Pipeline",
            actions: ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"]),
        Method(name: "creating a CodeStar project from a template", actions: ["codestar:CreateProjectFromTemplate"]),
        Method(name: "passing a role to a new CodeStar project", actions: ["codestar:CreateProject", "iam:PassRole"]),
        Method(name: "creating a CodeStar project and joining it", actions: ["codestar:CreateProject", "codestar:AssociateTeamMember"]),
        Method(name: "adding a malicious layer to an existing Lambda function", actions: ["lambda:UpdateFunctionConfiguration"]),
        Method(name: "passing a role to a new SageMaker notebook and opening it",
            actions: ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl", "iam:PassRole"]),
        Method(name: "opening an existing SageMaker notebook", actions: ["sagemaker:CreatePresignedNotebookInstanceUrl"]),
    ]

    /// Each method's actions, lower-cased once.
    static let methodNames = methods.map { $0.actions.map(ActionName.init) }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for position in Self.methods.indices {
            // Most policies grant none of a method's first action: the loop stops there, and
            // the method is not copied.
            var grants: [(action: String, statement: Statement)] = []
            for name in Self.methodNames[position] {
                guard let statement = context.firstUnconstrainedGrant(of: name) else { break }
                grants.append((name.text, statement))
            }
            let method = Self.methods[position]
            guard grants.count == method.actions.count, let first = grants.first else { continue }
            // Every action on every resource is full-admin's finding; listing 28 paths adds nothing.
            if grants.allSatisfy({ $0.statement.everyActionValue != nil }) { continue }
            let names = method.actions.map { "`\($0)`" }.joined(separator: ", ")
            findings.append(RuleFinding(
                "the policy allows privilege escalation by \(method.name) (\(names) on every resource)",
                at: context.actionSpan(in: first.statement, for: first.action),
                help: "limit these actions to named resources, or remove one of them"))
        }
        return findings
    }
}
