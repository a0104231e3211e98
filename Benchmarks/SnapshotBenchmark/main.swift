// Account-snapshot benchmark: a synthetic `aws iam get-account-authorization-details` file
// with 5,000 roles, 200 users, 20 groups and 2,000 customer managed policies (each role: a
// trust policy, one inline policy, three attached managed policies, a boundary on every
// fifth), then `who-can` over it for three requests at once, in process (one core unless --jobs).
//
//   swift run -c release snapshot-benchmark [--roles N] [--policies N] [--jobs N] [--write FILE]
//
// With --write the snapshot is also written out, so the CLI can be timed end to end:
//   policylint who-can --account FILE --action s3:DeleteBucket --resource arn:aws:s3:::data-7
import Foundation
import PolicyEngine

var roleCount = 5_000
var policyCount = 2_000
var writePath: String?
var jobs = 1
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--roles": roleCount = Int(arguments.popFirst() ?? "") ?? roleCount
    case "--policies": policyCount = Int(arguments.popFirst() ?? "") ?? policyCount
    case "--write": writePath = arguments.popFirst()
    case "--jobs": jobs = Int(arguments.popFirst() ?? "") ?? jobs
    default:
        FileHandle.standardError.write(Data("usage: snapshot-benchmark [--roles N] [--policies N] [--jobs N] [--write FILE]\n".utf8))
        exit(2)
    }
}

let account = "111122223333"
let services = ["s3", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "ec2", "ecr", "secretsmanager"]

/// Deterministic: the same file every run.
func statements(_ seed: Int) -> String {
    var parts: [String] = []
    for offset in 0..<(3 + seed % 4) {
        let service = services[(seed + offset * 7) % services.count]
        let resource: String
        switch service {
        case "s3": resource = "\"arn:aws:s3:::data-\(seed % 50)/*\""
        case "dynamodb": resource = "\"arn:aws:dynamodb:eu-west-1:\(account):table/t-\(seed % 80)\""
        default: resource = "\"*\""
        }
        let effect = offset == 3 ? "Deny" : "Allow"
        let actions = offset % 2 == 0 ? "\"\(service):Get*\", \"\(service):List*\"" : "\"\(service):Put*\", \"\(service):Delete*\""
        let condition = offset == 2 ? #", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}"# : ""
        parts.append(#"{"Sid": "S\#(offset)", "Effect": "\#(effect)", "Action": [\#(actions)], "Resource": \#(resource)\#(condition)}"#)
    }
    return #"{"Version": "2012-10-17", "Statement": [\#(parts.joined(separator: ", "))]}"#
}

func buildSnapshot(roleCount: Int, policyCount: Int) -> String {
    var policies: [String] = []
    for index in 0..<policyCount {
        policies.append("""
            {"PolicyName": "p\(index)", "PolicyId": "ANPA\(index)", "Arn": "arn:aws:iam::\(account):policy/p\(index)", "Path": "/",
             "DefaultVersionId": "v2", "AttachmentCount": 3, "IsAttachable": true,
             "PolicyVersionList": [{"Document": \(statements(index + 1)), "VersionId": "v1", "IsDefaultVersion": false},
                                   {"Document": \(statements(index)), "VersionId": "v2", "IsDefaultVersion": true}]}
            """)
    }
    let boundary = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sqs:*", "logs:*"], "Resource": "*"}]}"#
    policies.append("""
        {"PolicyName": "boundary", "Arn": "arn:aws:iam::\(account):policy/boundary", "Path": "/", "DefaultVersionId": "v1",
         "PolicyVersionList": [{"Document": \(boundary), "VersionId": "v1", "IsDefaultVersion": true}]}
        """)
    var roles: [String] = []
    for index in 0..<roleCount {
        let attached = (0..<3).map { #"{"PolicyName": "p\#((index * 3 + $0) % policyCount)", "PolicyArn": "arn:aws:iam::\#(account):policy/p\#((index * 3 + $0) % policyCount)"}"# }
        let boundaryField = index % 5 == 0
            ? #", "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": "arn:aws:iam::\#(account):policy/boundary"}"# : ""
        roles.append("""
            {"Path": "/app/", "RoleName": "role-\(index)", "RoleId": "AROA\(index)", "Arn": "arn:aws:iam::\(account):role/app/role-\(index)",
             "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
             "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": \(statements(index * 13))}],
             "AttachedManagedPolicies": [\(attached.joined(separator: ", "))]\(boundaryField), "Tags": []}
            """)
    }
    var groups: [String] = []
    for index in 0..<20 {
        groups.append("""
            {"GroupName": "g\(index)", "Arn": "arn:aws:iam::\(account):group/g\(index)", "GroupPolicyList": [{"PolicyName": "inline", "PolicyDocument": \(statements(index * 31))}],
             "AttachedManagedPolicies": [{"PolicyName": "p\(index)", "PolicyArn": "arn:aws:iam::\(account):policy/p\(index)"}]}
            """)
    }
    var users: [String] = []
    for index in 0..<200 {
        users.append("""
            {"UserName": "u\(index)", "Arn": "arn:aws:iam::\(account):user/u\(index)", "UserPolicyList": [], "GroupList": ["g\(index % 20)"],
             "AttachedManagedPolicies": []}
            """)
    }
    return """
        {"UserDetailList": [\(users.joined(separator: ",\n"))],
         "GroupDetailList": [\(groups.joined(separator: ",\n"))],
         "RoleDetailList": [\(roles.joined(separator: ",\n"))],
         "Policies": [\(policies.joined(separator: ",\n"))]}
        """
}

func milliseconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}

let text = buildSnapshot(roleCount: roleCount, policyCount: policyCount)
let bytes = Array(text.utf8)
if let writePath { try Data(bytes).write(to: URL(fileURLWithPath: writePath)) }
print("snapshot: \(roleCount) roles, 200 users, 20 groups, \(policyCount + 1) managed policies, \(bytes.count / 1024) KiB")

let requests = [
    ("s3:DeleteObject", "arn:aws:s3:::data-7/report.csv"),
    ("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:\(account):table/t-3"),
    ("iam:CreateUser", "arn:aws:iam::\(account):user/new"),
]
var best = Double.infinity
var bestLoad = Double.infinity
var found: [Int] = []
for _ in 0..<5 {
    let start = DispatchTime.now()
    guard case .success(let snapshot) = AccountSnapshot.load(SourceText(name: "synthetic.json", bytes: bytes)) else {
        fatalError("the synthetic snapshot did not load")
    }
    let principals = SnapshotPrincipals(snapshot)
    bestLoad = min(bestLoad, milliseconds(start))
    found = principals.whoCan(requests.map { SnapshotPrincipals.Request(action: $0.0, resource: $0.1) }, jobs: jobs).map(\.allowed.count)
    best = min(best, milliseconds(start))
}
print(String(format: "load and index: %.1f ms; load plus who-can for %d requests on %d job(s): %.1f ms (best of 5)", bestLoad, requests.count, jobs, best))
print("allowed principals per request: \(found.map(String.init).joined(separator: ", "))")
