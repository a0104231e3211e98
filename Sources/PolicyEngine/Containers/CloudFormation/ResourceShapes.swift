/// What `Ref` and `Fn::GetAtt …Arn` return for common CloudFormation resource types, so
/// references resolve to values of the right shape (a bucket name, a role ARN with its path).
/// Facts from each type's "Return values" section in the CloudFormation User Guide.
enum ResourceShapes {
    enum RefValue {
        case name
        case arn
        case queueURL
    }

    struct Shape {
        /// The property that names the resource; without it CloudFormation makes a name up,
        /// and the logical id stands in for it.
        var nameProperty: String
        var ref: RefValue
        /// The ARN with `{p}` partition, `{r}` region, `{a}` account, `{n}` name, `{path}`.
        var arn: String
    }

    static let shapes: [String: Shape] = [
        "AWS::S3::Bucket": Shape(nameProperty: "BucketName", ref: .name, arn: "arn:{p}:s3:::{n}"),
        "AWS::SQS::Queue": Shape(nameProperty: "QueueName", ref: .queueURL, arn: "arn:{p}:sqs:{r}:{a}:{n}"),
        "AWS::SNS::Topic": Shape(nameProperty: "TopicName", ref: .arn, arn: "arn:{p}:sns:{r}:{a}:{n}"),
        "AWS::KMS::Key": Shape(nameProperty: "", ref: .name, arn: "arn:{p}:kms:{r}:{a}:key/{n}"),
        "AWS::KMS::Alias": Shape(nameProperty: "AliasName", ref: .name, arn: "arn:{p}:kms:{r}:{a}:{n}"),
        "AWS::IAM::Role": Shape(nameProperty: "RoleName", ref: .name, arn: "arn:{p}:iam::{a}:role{path}{n}"),
        "AWS::IAM::User": Shape(nameProperty: "UserName", ref: .name, arn: "arn:{p}:iam::{a}:user{path}{n}"),
        "AWS::IAM::Group": Shape(nameProperty: "GroupName", ref: .name, arn: "arn:{p}:iam::{a}:group{path}{n}"),
        "AWS::IAM::ManagedPolicy": Shape(nameProperty: "ManagedPolicyName", ref: .arn, arn: "arn:{p}:iam::{a}:policy{path}{n}"),
        "AWS::IAM::InstanceProfile": Shape(nameProperty: "InstanceProfileName", ref: .name, arn: "arn:{p}:iam::{a}:instance-profile{path}{n}"),
        "AWS::IAM::OIDCProvider": Shape(nameProperty: "Url", ref: .arn, arn: "arn:{p}:iam::{a}:oidc-provider/{n}"),
        "AWS::Lambda::Function": Shape(nameProperty: "FunctionName", ref: .name, arn: "arn:{p}:lambda:{r}:{a}:function:{n}"),
        "AWS::DynamoDB::Table": Shape(nameProperty: "TableName", ref: .name, arn: "arn:{p}:dynamodb:{r}:{a}:table/{n}"),
        "AWS::Logs::LogGroup": Shape(nameProperty: "LogGroupName", ref: .name, arn: "arn:{p}:logs:{r}:{a}:log-group:{n}:*"),
        "AWS::SecretsManager::Secret": Shape(nameProperty: "Name", ref: .arn, arn: "arn:{p}:secretsmanager:{r}:{a}:secret:{n}"),
        "AWS::ECR::Repository": Shape(nameProperty: "RepositoryName", ref: .name, arn: "arn:{p}:ecr:{r}:{a}:repository/{n}"),
        "AWS::StepFunctions::StateMachine": Shape(nameProperty: "StateMachineName", ref: .arn, arn: "arn:{p}:states:{r}:{a}:stateMachine:{n}"),
        "AWS::Kinesis::Stream": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:kinesis:{r}:{a}:stream/{n}"),
        "AWS::Events::EventBus": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:events:{r}:{a}:event-bus/{n}"),
        "AWS::Events::Rule": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:events:{r}:{a}:rule/{n}"),
        "AWS::SSM::Parameter": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:ssm:{r}:{a}:parameter/{n}"),
        "AWS::CloudTrail::Trail": Shape(nameProperty: "TrailName", ref: .name, arn: "arn:{p}:cloudtrail:{r}:{a}:trail/{n}"),
        "AWS::CodeBuild::Project": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:codebuild:{r}:{a}:project/{n}"),
        "AWS::ApiGateway::RestApi": Shape(nameProperty: "Name", ref: .name, arn: "arn:{p}:apigateway:{r}::/restapis/{n}"),
        "AWS::EFS::FileSystem": Shape(nameProperty: "", ref: .name, arn: "arn:{p}:elasticfilesystem:{r}:{a}:file-system/{n}"),
        "AWS::Backup::BackupVault": Shape(nameProperty: "BackupVaultName", ref: .name, arn: "arn:{p}:backup:{r}:{a}:backup-vault:{n}"),
    ]

    static func shape(of type: String) -> Shape? { shapes[type] }

    /// The ARN of a resource of `type`; for types not listed, `service` and resource kind
    /// come from the type name (`AWS::Foo::Bar` → `arn:aws:foo:…:bar/name`).
    static func arn(type: String, name: String, path: String, account: String, region: String) -> String {
        // A name that already is an ARN (an imported or parameter value) is kept.
        if name.hasPrefix("arn:") { return name }
        let template: String
        if let shape = shapes[type] {
            template = shape.arn
        } else {
            let parts = type.split(separator: ":", omittingEmptySubsequences: true)
            let service = parts.count > 1 ? parts[1].lowercased() : "unknown"
            let kind = parts.count > 2 ? parts[2].lowercased() : "resource"
            template = "arn:{p}:\(service):{r}:{a}:\(kind)/{n}"
        }
        let normalizedPath = path.hasPrefix("/") ? (path.hasSuffix("/") ? path : path + "/") : "/" + path
        return template
            .replacing("{p}", with: "aws").replacing("{r}", with: region).replacing("{a}", with: account)
            .replacing("{path}", with: normalizedPath).replacing("{n}", with: name)
    }
}
