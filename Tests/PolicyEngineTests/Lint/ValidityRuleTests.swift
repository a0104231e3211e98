import Foundation
import Testing

@testable import PolicyEngine

/// The validity and condition rules' building blocks, and the cases the issue names, beyond the
/// rules' own examples.
@Suite struct ValidityRuleTests {
    static func findings(_ text: String, as type: PolicyType = .identity) -> [Finding] {
        Linter().lint(PolicyDocument(source: SourceText(name: "p.json", text: text), policyType: type))
    }

    @Test func resourceValuesFitARNFormats() {
        let bucket = "arn:${Partition}:s3:::${BucketName}"
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        #expect(ARNOverlap.overlaps(resource: "arn:aws:s3:::my-bucket", format: bucket))
        #expect(!ARNOverlap.overlaps(resource: "arn:aws:s3:::my-bucket/*", format: bucket))  // a bucket name has no `/`
        #expect(ARNOverlap.overlaps(resource: "arn:aws:s3:::my-bucket/*", format: object))
        #expect(!ARNOverlap.overlaps(resource: "arn:aws:s3:::my-bucket", format: object))
        #expect(ARNOverlap.overlaps(resource: "arn:aws:s3:::*", format: bucket) && ARNOverlap.overlaps(resource: "arn:aws:s3:::*", format: object))
        #expect(ARNOverlap.overlaps(resource: "arn:aws:s3:::home/${aws:username}/*", format: object))
        #expect(ARNOverlap.overlaps(resource: "arn:aws:logs:*:*:log-group:/aws/lambda/*",
            format: "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}"))
        #expect(ARNOverlap.overlaps(resource: "arn:aws:sqs:us-east-?:111122223333:q", format: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"))
        #expect(!ARNOverlap.overlaps(resource: "arn:aws:sns:us-east-1:111122223333:t", format: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"))
        // A `*` ending a segment may run across colons.
        #expect(ARNOverlap.overlaps(resource: "arn:aws:dynamodb:*", format: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"))
    }

    @Test func resourceTypeMismatchIsPerActionAndQuietWhenAnyResourceFits() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "sqs:SendMessage"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:sqs:*:111122223333:q"]}]}"#
        let found = Self.findings(text).filter { $0.ruleId == "resource-type-mismatch" }
        #expect(found.map(\.message) == ["`s3:ListBucket` applies to none of this statement's resources"])
    }

    @Test func arnProblemsKeepTheirCase() {
        let upper = Self.findings(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::b/*"}]}"#)
        let lower = Self.findings(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#)
        #expect(upper.contains { $0.issueCode == "INVALID_ARN_SERVICE_CASE" })
        #expect(!lower.contains { $0.ruleId == "invalid-resource-arn" })
    }

    @Test func variablesWithColonsStandForOneField() {
        for resource in ["arn:${AWS::Partition}:s3:::b/*", "arn:aws:iam::${aws:PrincipalAccount}:role/app", "arn:aws:sqs:${aws:RequestedRegion}:111122223333:q"] {
            #expect(InvalidResourceARNRule.problem(resource, catalog: .shared) == nil, "\(resource)")
        }
    }

    /// The issue's three examples of an operator and key type mismatch.
    @Test func typeMismatchExamplesFromTheIssue() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:SourceIp": "5"}, "DateLessThan": {"aws:CurrentTime": "tomorrow"}, "Bool": {"aws:SecureTransport": "yes"}}}]}"#
        let codes = Set(Self.findings(text).compactMap(\.issueCode))
        #expect(codes.isSuperset(of: ["TYPE_MISMATCH", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_BOOLEAN"]))
    }

    /// parliament's BAD_PATTERN_FOR_MFA Null branch and SINGLE_VALUE_CONDITION_TOO_PERMISSIVE past
    /// the first statement without a condition never fire there; both do here.
    @Test func theTwoChecksParliamentNeverFires() {
        let null = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}}]}"#
        #expect(Self.findings(null).contains { $0.ruleId == "mfa-null-check" && $0.severity == .securityWarning })
        let single = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]}"#
        #expect(Self.findings(single).contains { $0.ruleId == "forallvalues-with-single-valued-key" && $0.severity == .securityWarning })
    }

    @Test func privateRanges() throws {
        for text in ["10.1.2.0/24", "172.31.0.1", "192.168.0.0/16", "fd12:3456::/48", "127.0.0.1"] {
            #expect(SourceIPPrivateRangeRule.isPrivate(try #require(IPNetwork(text))), "\(text)")
        }
        for text in ["11.0.0.0/8", "172.32.0.0/16", "0.0.0.0/0", "203.0.113.0/24", "2001:db8::/32", "10.0.0.0/7"] {
            #expect(!SourceIPPrivateRangeRule.isPrivate(try #require(IPNetwork(text))), "\(text)")
        }
    }

    @Test func sizeIsCountedAsAWSCountsIt() {
        let text = Array(#"{ "a": "x y",  "é": 1 }"#.utf8)
        // IAM leaves out all white space; Organizations' console only white space outside strings.
        #expect(PolicySizeQuotaRule.size(of: text[...], countingWhitespaceInStrings: false) == 16)
        #expect(PolicySizeQuotaRule.size(of: text[...], countingWhitespaceInStrings: true) == 17)
    }

    @Test func sizeQuotasPerPolicyType() {
        func policy(principals: Int) -> String {
            let list = (0..<principals).map { #""arn:aws:iam::111122223333:role/r\#($0)""# }.joined(separator: ",")
            return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["# + list + #"]},"Action":"sts:AssumeRole"}]}"#
        }
        #expect(!Self.findings(policy(principals: 40), as: .trust).contains { $0.ruleId == "policy-size-quota" })  // under 2,048
        #expect(Self.findings(policy(principals: 60), as: .trust).contains { $0.issueCode == "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA" })
        let scp = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":["# + (0..<220).map { #""arn:aws:s3:::bucket-\#($0)/*""# }.joined(separator: ",") + #"]}]}"#
        let scpFinding = Self.findings(scp, as: .scp).first { $0.ruleId == "policy-size-quota" }
        #expect(scpFinding?.issueCode == "POLICY_SIZE_EXCEEDS_SCP_QUOTA" && scpFinding?.severity == .error)
    }

    /// Since September 2025 SCPs take Condition, resource ARNs, NotAction and NotResource in Allow
    /// statements (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html).
    @Test func currentSCPGrammarIsAccepted() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#
        let errors = Self.findings(text, as: .scp).filter { $0.severity == .error && [.grammar, .validity].contains($0.category) }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }

    @Test func identityProviderAndTagKeysAreValidInTrustPolicies() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:ns:sa", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com", "aws:RequestTag/team": "red"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}"#
        let found = Self.findings(text, as: .trust).filter { $0.category == .condition && $0.severity >= .warning }
        #expect(found.isEmpty, "\(found.map { "\($0.ruleId): \($0.message)" })")
    }

    @Test func base64() {
        #expect(InvalidConditionValueRule.isBase64("QmFzZTY0"))
        #expect(InvalidConditionValueRule.isBase64("YQ=="))
        #expect(!InvalidConditionValueRule.isBase64("not base64!"))
        #expect(!InvalidConditionValueRule.isBase64("YQ="))
    }
}
