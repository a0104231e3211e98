// Evaluation benchmark: decisions per second on one core for a realistic policy set —
// two identity policies, a permissions boundary, a bucket policy and two SCP levels,
// 21 statements in all — over a mix of requests that are allowed, denied explicitly and
// denied implicitly, some with conditions to evaluate.
//
//   swift run -c release evaluation-benchmark [--seconds N] [--set layered|single]
import Foundation
import PolicyEngine

let account = "111122223333"
func policy(_ text: String, _ type: PolicyType, _ id: String) -> CompiledPolicy {
    CompiledPolicy(source: SourceText(name: id, text: text), id: id, policyType: type)
}

let developer = policy("""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "ReadBuckets", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::app-*", "arn:aws:s3:::app-*/*"]},
      {"Sid": "WriteOwnPrefix", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::app-data/${aws:username}/*"},
      {"Sid": "Instances", "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "arn:aws:ec2:*:\(account):instance/*",
       "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
      {"Sid": "Describe", "Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*", "logs:Describe*"], "Resource": "*"},
      {"Sid": "Tables", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:eu-west-1:\(account):table/app-*"},
      {"Sid": "NoProdDeletes", "Effect": "Deny", "Action": ["dynamodb:DeleteTable", "s3:DeleteBucket"], "Resource": "*"},
      {"Sid": "RequireTLS", "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]}
    """, .identity, "developer.json")
let shared = policy("""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "PassAppRoles", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::\(account):role/app-*",
       "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
      {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:eu-west-1:\(account):app-*"},
      {"Sid": "Keys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
       "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}}
    ]}
    """, .identity, "shared.json")
let boundary = policy("""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "Services", "Effect": "Allow", "Action": ["s3:*", "ec2:*", "dynamodb:*", "sqs:*", "kms:*", "iam:PassRole", "cloudwatch:*", "logs:*"], "Resource": "*"},
      {"Sid": "NoIAMWrites", "Effect": "Deny", "NotAction": ["iam:PassRole", "iam:Get*", "iam:List*"], "Resource": "arn:aws:iam::*:*"}
    ]}
    """, .boundary, "boundary.json")
let bucket = policy("""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "Analytics", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-data/exports/*"},
      {"Sid": "DenyOutsideVpc", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
       "Condition": {"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "BoolIfExists": {"aws:ViaAWSService": "false"}}}
    ]}
    """, .resource, "bucket.json")
let root = policy(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#, .scp, "FullAWSAccess")
let guardrails = policy("""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Sid": "Regions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "cloudfront:*"], "Resource": "*",
       "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}},
      {"Sid": "KeepTrail", "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}
    ]}
    """, .scp, "guardrails.json")

let policies = PolicySet(identityPolicies: [developer, shared], resourcePolicy: bucket, permissionsBoundaries: [boundary],
    serviceControlPolicies: [[root], [guardrails]])
let statementCount = 7 + 3 + 2 + 2 + 1 + 3

// The issue's simplest case: one identity policy of 20 statements, no other layers.
let twentyStatements = (0..<20).map { index in
    #"{"Sid": "S\#(index)", "Effect": "\#(index % 7 == 6 ? "Deny" : "Allow")", "Action": ["\#(["s3", "ec2", "dynamodb", "sqs", "sns"][index % 5]):\#(["Get*", "Describe*", "Put*", "List*"][index % 4])"], "Resource": "arn:aws:\#(["s3", "ec2", "dynamodb", "sqs", "sns"][index % 5]):*:*:*"}"#
}
let flat = policy(#"{"Version": "2012-10-17", "Statement": [\#(twentyStatements.joined(separator: ", "))]}"#, .identity, "flat.json")
let flatPolicies = PolicySet(identityPolicies: [flat])
let alice = RequestPrincipal("arn:aws:iam::\(account):user/alice")!
let baseContext = RequestContext(["aws:SecureTransport": .single("true"), "aws:RequestedRegion": .single("eu-west-1"),
    "aws:PrincipalTag/team": .single("payments"), "aws:SourceVpce": .single("vpce-1a2b3c4d")])
func request(_ action: String, _ resource: String, _ extra: [String: String] = [:]) -> AuthorizationRequest {
    var context = baseContext
    for (key, value) in extra { context[key] = .single(value) }
    return AuthorizationRequest(principal: alice, action: action, resource: resource, context: context)
}
let requests = [
    request("s3:GetObject", "arn:aws:s3:::app-data/reports/q3.csv"),
    request("s3:PutObject", "arn:aws:s3:::app-data/alice/upload.bin"),
    request("s3:PutObject", "arn:aws:s3:::app-data/bob/upload.bin"),
    request("s3:DeleteBucket", "arn:aws:s3:::app-data"),
    request("ec2:StartInstances", "arn:aws:ec2:eu-west-1:\(account):instance/i-0abc", ["aws:ResourceTag/team": "payments"]),
    request("ec2:StopInstances", "arn:aws:ec2:eu-west-1:\(account):instance/i-0abc", ["aws:ResourceTag/team": "search"]),
    request("ec2:DescribeInstances", "*"),
    request("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:\(account):table/app-orders"),
    request("iam:PassRole", "arn:aws:iam::\(account):role/app-worker", ["iam:PassedToService": "ecs-tasks.amazonaws.com"]),
    request("iam:CreateUser", "arn:aws:iam::\(account):user/new"),
    request("sqs:SendMessage", "arn:aws:sqs:us-east-1:\(account):app-jobs", ["aws:RequestedRegion": "us-east-1"]),
    request("kms:Decrypt", "arn:aws:kms:eu-west-1:\(account):key/k", ["kms:ViaService": "s3.eu-west-1.amazonaws.com"]),
]

var seconds = 3.0
var only: String?
var rest = CommandLine.arguments.dropFirst()
while let argument = rest.popFirst() {
    switch (argument, rest.first) {
    case ("--seconds", let value?) where Double(value).map { $0 > 0 } == true:
        seconds = Double(value)!
        rest.removeFirst()
    case ("--set", let value?) where value == "single" || value == "layered":
        only = value
        rest.removeFirst()
    default:
        FileHandle.standardError.write(Data("usage: evaluation-benchmark [--seconds N] [--set single|layered]\n".utf8))
        exit(2)
    }
}

var tally: [Decision: Int] = [:]
for request in requests {
    let result = Evaluator.evaluate(request, policies: policies)
    precondition(result.errors.isEmpty, "\(result.errors)")
    tally[result.decision, default: 0] += 1
}

/// Counts decisions for one-second windows until the time is up; the best window wins.
func decisionsPerSecond(_ requests: [AuthorizationRequest], _ policies: PolicySet, seconds: Double) -> Double {
    var best = 0.0
    let deadline = Date().addingTimeInterval(seconds)
    var sink = 0
    repeat {
        let start = DispatchTime.now().uptimeNanoseconds
        var decisions = 0
        while DispatchTime.now().uptimeNanoseconds - start < 1_000_000_000 {
            for request in requests {
                sink &+= Evaluator.evaluate(request, policies: policies).matchedStatements.count
                decisions += 1
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = max(best, Double(decisions) / elapsed)
    } while Date() < deadline
    if sink == -1 { print(sink) }
    return best
}

// One set alone, for profiling it (instruction counts under callgrind).
if only != "single" {
    let layered = decisionsPerSecond(requests, policies, seconds: seconds)
    print("layered set: \(statementCount) statements in 6 policies (identity x2, boundary, bucket policy, SCP x2), \(requests.count) requests "
        + "(\(Decision.allCases.map { "\(tally[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")))")
    print(String(format: "  decisions per second, one core: %.0f (%.0f ns per decision)", layered, 1e9 / layered))
}
if only != "layered" {
    let flatRequests = ["s3:GetObject", "ec2:DescribeInstances", "dynamodb:PutItem", "sqs:ListQueues", "sns:Publish", "iam:PassRole"].map {
        AuthorizationRequest(principal: alice, action: $0, resource: "arn:aws:s3:::bucket/key")
    }
    let single = decisionsPerSecond(flatRequests, flatPolicies, seconds: seconds)
    print("single identity policy: 20 statements, \(flatRequests.count) requests")
    print(String(format: "  decisions per second, one core: %.0f (%.0f ns per decision)", single, 1e9 / single))
}
