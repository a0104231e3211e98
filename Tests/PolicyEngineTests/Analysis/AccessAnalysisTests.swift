import Testing

@testable import PolicyEngine

func compiled(_ statements: String, _ type: PolicyType = .identity, name: String = "policy.json") -> CompiledPolicy {
    let text = #"{"Version": "2012-10-17", "Statement": [\#(statements)]}"#
    return CompiledPolicy(source: SourceText(name: name, text: text), id: name, policyType: type)
}

/// Whether the evaluator, given the policy as the only deciding layer, allows the request:
/// written out here rather than through the analysis's own harness.
let testAllowAll = compiled(#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#, name: "all")
let testDelegations = Dictionary(uniqueKeysWithValues: [CaseGenerator.a, CaseGenerator.b, "999911112222"].map { ($0, delegation($0)) })

func delegation(_ account: String) -> CompiledPolicy {
    compiled(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\#(account):root"}, "Action": "*", "Resource": "*"}"#, .resource, name: "delegate")
}

func evaluatorAllows(_ policy: CompiledPolicy, _ type: PolicyType, _ request: AuthorizationRequest) -> Bool {
    let allowAll = testAllowAll
    var set = PolicySet()
    switch type {
    case .resource, .trust:
        set.resourcePolicy = policy
        if request.principal.isIAMIdentity { set.identityPolicies = [allowAll] }
        if request.principal.isSession { set.sessionPolicies = [allowAll] }
    default:
        set.identityPolicies = [policy]
        if let account = request.principal.account {
            set.resourcePolicy = testDelegations[account] ?? delegation(account)
        }
    }
    return Evaluator.evaluate(request, policies: set).decision == .allowed
}

/// Runs the diff and checks what it claims: a witness NEW allows and OLD denies, by the evaluator.
@discardableResult
func diff(_ old: String, _ new: String, _ type: PolicyType = .identity, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> AccessVerdict
{
    let oldPolicy = compiled(old, type, name: "old.json")
    let newPolicy = compiled(new, type, name: "new.json")
    let verdict = try AccessAnalysis.newAccess(from: oldPolicy, to: newPolicy, policyType: type)
    if let witness = verdict.witness {
        #expect(evaluatorAllows(newPolicy, type, witness.request), "NEW must allow the witness", sourceLocation: sourceLocation)
        #expect(!evaluatorAllows(oldPolicy, type, witness.request), "OLD must not allow the witness", sourceLocation: sourceLocation)
        #expect(!witness.grantedBy.isEmpty, sourceLocation: sourceLocation)
    }
    if verdict.found, verdict.exact {
        #expect(verdict.witness != nil, "an exact finding has a witness", sourceLocation: sourceLocation)
    }
    return verdict
}

func expectNoNewAccess(_ old: String, _ new: String, _ type: PolicyType = .identity, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let verdict = try diff(old, new, type, sourceLocation: sourceLocation)
    #expect(!verdict.found && verdict.exact, "expected no new access, got \(verdict)", sourceLocation: sourceLocation)
}

@discardableResult
func expectNewAccess(_ old: String, _ new: String, _ type: PolicyType = .identity, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> AuthorizationRequest?
{
    let verdict = try diff(old, new, type, sourceLocation: sourceLocation)
    #expect(verdict.found && verdict.exact && verdict.witness != nil, "expected new access, got \(verdict)", sourceLocation: sourceLocation)
    return verdict.witness?.request
}

func allow(_ action: String, _ resource: String = "\"*\"", condition: String? = nil) -> String {
    #"{"Effect": "Allow", "Action": \#(action), "Resource": \#(resource)\#(condition.map { ", \"Condition\": {\($0)}" } ?? "")}"#
}

@Suite struct AccessAnalysisTests {
    @Test func aPolicyAgainstItselfHasNoNewAccess() throws {
        let statements = [allow(#"["s3:Get*", "s3:List*"]"#, #""arn:aws:s3:::b/*""#),
            #"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret/*"}"#].joined(separator: ", ")
        try expectNoNewAccess(statements, statements)
    }

    @Test func wildcardNarrowingAndWidening() throws {
        try expectNoNewAccess(allow(#""s3:*""#), allow(#""s3:Get*""#))
        let witness = try expectNewAccess(allow(#""s3:Get*""#), allow(#""s3:*""#))
        #expect(witness.map { !$0.action.lowercased().hasPrefix("s3:get") && $0.action.lowercased().hasPrefix("s3:") } == true)
        // The witness is a real action when one proves the point.
        #expect(witness.flatMap { ServiceCatalog.shared.action($0.action) } != nil)
        try expectNewAccess(allow(#""s3:Get*""#), allow(#""*""#))
        try expectNoNewAccess(allow(#""*""#), allow(#"["s3:*", "ec2:Describe*", "iam:PassRole"]"#))
    }

    @Test func singleCharacterWildcards() throws {
        try expectNoNewAccess(allow(#""s3:?etObject""#), allow(#""s3:GetObject""#))
        let witness = try expectNewAccess(allow(#""s3:GetObject""#), allow(#""s3:?etObject""#))
        #expect(witness?.action.lowercased().hasSuffix("etobject") == true)
        try expectNoNewAccess(allow(#""s3:Get*""#), allow(#""s3:Get?""#))
        try expectNewAccess(allow(#""s3:Get?""#), allow(#""s3:Get??""#))
        try expectNoNewAccess(allow(#""*""#, #""arn:aws:s3:::b/??""#), allow(#""*""#, #""arn:aws:s3:::b/x?""#))
    }

    @Test func notActionRewrites() throws {
        let notIAM = #"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#
        try expectNoNewAccess(notIAM, allow(#"["s3:*", "ec2:*"]"#))
        let witness = try expectNewAccess(allow(#"["s3:*", "ec2:*"]"#), notIAM)
        #expect(witness.map { !["s3", "ec2", "iam"].contains(String($0.action.lowercased().split(separator: ":").first ?? "")) } == true)
        try expectNewAccess(notIAM, allow(#""iam:PassRole""#))
        // Allow * minus a Deny is the same as NotAction.
        let allowAllButIAM = allow(#""*""#) + #", {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}"#
        try expectNoNewAccess(notIAM, allowAllButIAM)
        try expectNoNewAccess(allowAllButIAM, notIAM)
    }

    @Test func addedAndDroppedConditions() throws {
        let open = allow(#""s3:GetObject""#, #""arn:aws:s3:::b/*""#)
        let secure = allow(#""s3:GetObject""#, #""arn:aws:s3:::b/*""#, condition: #""Bool": {"aws:SecureTransport": "true"}"#)
        try expectNoNewAccess(open, secure)
        let witness = try expectNewAccess(secure, open)
        #expect(witness?.context["aws:SecureTransport"] != .single("true"))
        let tagged = allow(#""ec2:*""#, condition: #""StringEquals": {"aws:ResourceTag/env": "dev"}, "StringLike": {"aws:PrincipalTag/team": "web-*"}"#)
        let lessTagged = allow(#""ec2:*""#, condition: #""StringLike": {"aws:PrincipalTag/team": "web-*"}"#)
        try expectNoNewAccess(lessTagged, tagged)
        try expectNewAccess(tagged, lessTagged)
        // IfExists lets an absent key through.
        let ifExists = allow(#""s3:*""#, condition: #""StringEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}"#)
        let strict = allow(#""s3:*""#, condition: #""StringEquals": {"aws:RequestedRegion": "eu-west-1"}"#)
        try expectNoNewAccess(ifExists, strict)
        let absent = try expectNewAccess(strict, ifExists)
        #expect(absent?.context["aws:RequestedRegion"] == nil)
    }

    @Test func narrowedAndWidenedNetworks() throws {
        func ip(_ cidr: String, _ op: String = "IpAddress") -> String {
            allow(#""s3:*""#, condition: #""\#(op)": {"aws:SourceIp": \#(cidr)}"#)
        }
        try expectNoNewAccess(ip(#""10.0.0.0/8""#), ip(#""10.1.0.0/16""#))
        let wider = try expectNewAccess(ip(#""10.1.0.0/16""#), ip(#""10.0.0.0/8""#))
        if case .single(let address)? = wider?.context["aws:SourceIp"] {
            #expect(IPNetwork("10.0.0.0/8")!.contains(address: address) == true)
            #expect(IPNetwork("10.1.0.0/16")!.contains(address: address) == false)
        } else {
            Issue.record("the witness should carry aws:SourceIp")
        }
        // Two halves make the whole.
        try expectNoNewAccess(ip(#"["10.0.0.0/9", "10.128.0.0/9"]"#), ip(#""10.0.0.0/8""#))
        try expectNewAccess(ip(#"["10.0.0.0/9", "10.128.0.0/10"]"#), ip(#""10.0.0.0/8""#))
        try expectNoNewAccess(ip(#""10.0.0.0/8""#, "NotIpAddress"), ip(#""10.0.0.0/7""#, "NotIpAddress"))
        try expectNewAccess(ip(#""10.0.0.0/7""#, "NotIpAddress"), ip(#""10.0.0.0/8""#, "NotIpAddress"))
        try expectNoNewAccess(ip(#""2001:db8::/32""#), ip(#""2001:db8:1::/48""#))
    }

    @Test func removedAndAddedDenies() throws {
        let allowS3 = allow(#""s3:*""#)
        let denyDelete = #"{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}"#
        let witness = try expectNewAccess(allowS3 + ", " + denyDelete, allowS3)
        #expect(witness?.action.lowercased().hasPrefix("s3:delete") == true)
        try expectNoNewAccess(allowS3, allowS3 + ", " + denyDelete)
        // A Deny narrowed to one bucket lets the others through.
        let narrowed = #"{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "arn:aws:s3:::logs/*"}"#
        try expectNewAccess(allowS3 + ", " + denyDelete, allowS3 + ", " + narrowed)
    }

    @Test func arnSegmentRules() throws {
        try expectNoNewAccess(allow(#""s3:*""#, #""arn:aws:s3:::b*""#), allow(#""s3:*""#, #""arn:aws:s3:::b/*""#))
        let bucket = try expectNewAccess(allow(#""s3:*""#, #""arn:aws:s3:::b/*""#), allow(#""s3:*""#, #""arn:aws:s3:::b*""#))
        #expect(bucket.map { !$0.resource.hasPrefix("arn:aws:s3:::b/") } == true)
        // A wildcard account widens; a `*` in the region cannot swallow a colon.
        try expectNewAccess(allow(#""ec2:*""#, #""arn:aws:ec2:*:111122223333:instance/*""#), allow(#""ec2:*""#, #""arn:aws:ec2:*:*:instance/*""#))
        try expectNoNewAccess(allow(#""ec2:*""#, #""arn:aws:ec2:*""#), allow(#""ec2:*""#, #""arn:aws:ec2:*:*:*""#))
        try expectNoNewAccess(allow(#""ec2:*""#, #""arn:aws:ec2:*:*:*""#), allow(#""ec2:*""#, #""arn:aws:ec2:*""#))
        try expectNoNewAccess(allow(#""ec2:*""#, #""arn:aws:ec2:eu-*:*:*""#), allow(#""ec2:*""#, #""arn:aws:ec2:eu-west-1:*:instance/*""#))
        // A short pattern that does not end in `*` matches no ARN at all.
        try expectNoNewAccess(allow(#""ec2:*""#, #""arn:aws:ec2:eu-west-1:111122223333:volume/*""#), allow(#""ec2:*""#, #""arn:aws:ec2""#))
        // "*" is the only pattern that grants the resource "*" of actions without resources.
        let star = try expectNewAccess(allow(#""ec2:*""#, #""arn:*""#), allow(#""ec2:*""#))
        #expect(star.map { !$0.resource.hasPrefix("arn:") } == true)
    }

    @Test func caseRules() throws {
        try expectNoNewAccess(allow(#""S3:GETOBJECT""#), allow(#""s3:GetObject""#))
        try expectNoNewAccess(allow(#""s3:getobject""#), allow(#""S3:GetObject""#))
        // ARNs are case-sensitive.
        try expectNewAccess(allow(#""s3:*""#, #""arn:aws:s3:::Bucket/*""#), allow(#""s3:*""#, #""arn:aws:s3:::bucket/*""#))
        let ignoreCase = allow(#""s3:*""#, condition: #""StringEqualsIgnoreCase": {"aws:PrincipalTag/env": "Prod"}"#)
        let exact = allow(#""s3:*""#, condition: #""StringEquals": {"aws:PrincipalTag/env": "prod"}"#)
        try expectNoNewAccess(ignoreCase, exact)
        let witness = try expectNewAccess(exact, ignoreCase)
        if case .single(let value)? = witness?.context["aws:PrincipalTag/env"] {
            #expect(value.lowercased() == "prod" && value != "prod")
        }
    }

    @Test func typedOperators() throws {
        func condition(_ text: String) -> String { allow(#""s3:ListBucket""#, condition: text) }
        try expectNoNewAccess(condition(#""NumericLessThan": {"s3:max-keys": "100"}"#), condition(#""NumericLessThanEquals": {"s3:max-keys": "10"}"#))
        let keys = try expectNewAccess(condition(#""NumericLessThan": {"s3:max-keys": "10"}"#), condition(#""NumericLessThanEquals": {"s3:max-keys": "10"}"#))
        #expect(keys?.context["s3:max-keys"] == .single("10"))
        try expectNoNewAccess(condition(#""DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}"#),
            condition(#""DateLessThan": {"aws:CurrentTime": "2026-06-01T00:00:00Z"}"#))
        let date = try expectNewAccess(condition(#""DateLessThan": {"aws:CurrentTime": "2026-06-01T00:00:00Z"}"#),
            condition(#""DateLessThan": {"aws:CurrentTime": "2027-01-01"}"#))
        #expect(date?.context["aws:CurrentTime"] != nil)
        try expectNoNewAccess(condition(#""Null": {"aws:TokenIssueTime": "false"}"#),
            condition(#""Null": {"aws:TokenIssueTime": "false"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}"#))
        try expectNewAccess(condition(#""Bool": {"aws:MultiFactorAuthPresent": "true"}"#),
            condition(#""BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}"#))
        try expectNoNewAccess(condition(#""ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}"#),
            condition(#""ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:topic"}"#))
        try expectNewAccess(condition(#""ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}"#),
            condition(#""StringLike": {"aws:SourceArn": "arn:aws:sns:*"}"#))
    }

    @Test func setOperators() throws {
        func tags(_ op: String, _ values: String) -> String { allow(#""ec2:CreateTags""#, condition: #""\#(op)": {"aws:TagKeys": \#(values)}"#) }
        try expectNoNewAccess(tags("ForAllValues:StringEquals", #"["env", "team", "cost"]"#), tags("ForAllValues:StringEquals", #"["env", "team"]"#))
        let more = try expectNewAccess(tags("ForAllValues:StringEquals", #"["env"]"#), tags("ForAllValues:StringEquals", #"["env", "team"]"#))
        if case .multiple(let values)? = more?.context["aws:TagKeys"] { #expect(values.contains("team")) }
        try expectNoNewAccess(tags("ForAnyValue:StringEquals", #"["env", "team"]"#), tags("ForAnyValue:StringEquals", #"["env"]"#))
        try expectNewAccess(tags("ForAnyValue:StringEquals", #"["env"]"#), tags("ForAnyValue:StringEquals", #"["env", "team"]"#))
        // ForAllValues holds for an absent key; ForAnyValue does not.
        try expectNewAccess(tags("ForAnyValue:StringEquals", #"["env"]"#), tags("ForAllValues:StringEquals", #"["env"]"#))
        try expectNoNewAccess(tags("ForAllValues:StringEquals", #"["env"]"#), tags("ForAnyValue:StringEquals", #"["env"]"#) + ", "
            + #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringNotEquals": {"aws:TagKeys": "env"}}}"#)
    }

    @Test func resourcePolicyPrincipals() throws {
        func grant(_ principal: String, condition: String? = nil) -> String {
            #"{"Effect": "Allow", "Principal": \#(principal), "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q"\#(condition.map { ", \"Condition\": {\($0)}" } ?? "")}"#
        }
        try expectNoNewAccess(grant(#"{"AWS": "444455556666"}"#), grant(#"{"AWS": "arn:aws:iam::444455556666:role/app"}"#), .resource)
        let anyone = try expectNewAccess(grant(#"{"AWS": "444455556666"}"#), grant(#""*""#), .resource)
        #expect(anyone?.principal.account != "444455556666")
        try expectNoNewAccess(grant(#""*""#), grant(#""*""#, condition: #""StringEquals": {"aws:PrincipalAccount": "444455556666"}"#), .resource)
        try expectNoNewAccess(grant(#"{"AWS": "444455556666"}"#), grant(#""*""#, condition: #""StringEquals": {"aws:PrincipalAccount": "444455556666"}"#), .resource)
        try expectNewAccess(grant(#"{"Service": "sns.amazonaws.com"}"#), grant(#"{"Service": ["sns.amazonaws.com", "events.amazonaws.com"]}"#), .resource)
    }

    @Test func resourcesWithPolicyVariables() throws {
        let home = allow(#""s3:*""#, #"["arn:aws:s3:::shared/*", "arn:aws:s3:::home/${aws:username}/*"]"#)
        try expectNoNewAccess(home, home)
        try expectNoNewAccess(home, allow(#""s3:Get*""#, #""arn:aws:s3:::home/${aws:username}/*""#))
        try expectNewAccess(allow(#""s3:*""#, #""arn:aws:s3:::home/${aws:username}/*""#), home)
        let own = try expectNewAccess(allow(#""ec2:*""#), allow(#""ec2:*""#) + ", " + home)
        #expect(own.map { $0.resource.hasPrefix("arn:aws:s3:::shared/") || $0.resource.hasPrefix("arn:aws:s3:::home/witness/") } == true)
        let region = allow(#""s3:GetObject""#, #""arn:aws:s3:::*-registry-${aws:RequestedRegion}/*""#)
        let regional = try expectNewAccess(allow(#""ec2:*""#), region)
        #expect(regional?.context["aws:RequestedRegion"] != nil)
        // Another variable is another fact: never proved safe, and no witness the evaluator confirms.
        let verdict = try diff(home, allow(#""s3:*""#, #""arn:aws:s3:::home/${aws:userid}/*""#))
        #expect(verdict.found && !verdict.exact)
        let notHome = #"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::home/${aws:username}/*"}"#
        try expectNoNewAccess(notHome, notHome)
    }

    @Test func conditionsWithPolicyVariablesAreComparedAsOpaqueFacts() throws {
        let sameAccount = allow(#""s3:*""#, condition: #""StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}"#)
        try expectNoNewAccess(sameAccount, sameAccount)
        try expectNoNewAccess(allow(#""s3:*""#), sameAccount)
        let witness = try expectNewAccess(sameAccount, allow(#""s3:*""#))
        #expect(witness?.context["aws:ResourceAccount"] == nil)
        // A witness for the clause itself: its key is given the value the variable resolves to.
        let own = try expectNewAccess(allow(#""ec2:*""#), allow(#""ec2:*""#) + ", " + sameAccount)
        #expect(own.map { $0.context["aws:ResourceAccount"] == .single($0.principal.account ?? "") } == true)
        // A different clause is a different fact: no proof either way from the search alone.
        let otherKey = allow(#""s3:*""#, condition: #""StringEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}"}"#)
        let verdict = try diff(sameAccount, otherKey)
        #expect(verdict.found)
    }

    @Test func wildcardPrincipalArnConditions() throws {
        let admins = allow(#""iam:*""#, condition: #""ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}"#)
        try expectNoNewAccess(admins, admins)
        try expectNoNewAccess(allow(#""iam:*""#), admins)
        let witness = try expectNewAccess(admins, allow(#""iam:*""#))
        #expect(witness.map { !($0.principal.principalArnKey ?? "").contains(":role/admin-") } == true)
        try expectNewAccess(allow(#""iam:Get*""#), allow(#""iam:Get*""#) + ", " + admins)
    }

    @Test func otherPolicyTypes() throws {
        let guardrail = allow(#""*""#) + #", {"Effect": "Deny", "Action": ["organizations:LeaveOrganization", "ec2:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#
        for type in [PolicyType.scp, .boundary, .session] {
            let witness = try expectNewAccess(guardrail, allow(#""*""#), type)
            #expect(witness?.context["aws:RequestedRegion"] != .single("eu-west-1"), "\(type)")
            try expectNoNewAccess(allow(#""*""#), guardrail, type)
        }
        let rcp = #"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}}"#
        try expectNoNewAccess(#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#, rcp, .rcp)
        try expectNewAccess(rcp, #"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#, .rcp)
    }

    @Test func accessNotGrantedByAResourcePolicy() throws {
        let policy = compiled(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"], "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"}"#, .resource)
        #expect(try !AccessAnalysis.accessGranted(by: policy, policyType: .resource, actions: ["sqs:DeleteQueue", "sqs:Set*"], resources: []).found)
        let send = try AccessAnalysis.accessGranted(by: policy, policyType: .resource, actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:*:*:jobs"])
        let witness = try #require(send.witness)
        #expect(witness.request.principal.account == "444455556666")
        #expect(evaluatorAllows(policy, .resource, witness.request))
    }

    @Test func invalidPoliciesAreErrorsWithPlaces() {
        let bad = compiled(allow(#""s3:*""#, condition: #""StringEqualz": {"a": "b"}"#), name: "bad.json")
        #expect(throws: AnalysisError.self) { try AccessAnalysis.newAccess(from: bad, to: bad, policyType: .identity) }
        do {
            _ = try AccessAnalysis.newAccess(from: bad, to: bad, policyType: .identity)
        } catch {
            #expect(error.location?.hasPrefix("bad.json:1:") == true, "\(error)")
        }
    }

    @Test func accessNotGranted() throws {
        let policy = compiled(allow(#"["s3:Get*", "s3:List*"]"#, #""arn:aws:s3:::b/*""#) + ", "
            + #"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret/*"}"#)
        let put = try AccessAnalysis.accessGranted(by: policy, policyType: .identity, actions: ["s3:PutObject"], resources: [])
        #expect(!put.found && put.exact)
        let secret = try AccessAnalysis.accessGranted(by: policy, policyType: .identity, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/secret/*"])
        #expect(!secret.found && secret.exact)
        let get = try AccessAnalysis.accessGranted(by: policy, policyType: .identity, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"])
        let witness = try #require(get.witness)
        #expect(get.found && get.exact)
        #expect(witness.request.action.lowercased() == "s3:getobject")
        #expect(witness.request.resource.hasPrefix("arn:aws:s3:::b/") && !witness.request.resource.hasPrefix("arn:aws:s3:::b/secret/"))
        #expect(evaluatorAllows(policy, .identity, witness.request))
    }

    /// What counts as public, after the Amazon S3 rules Access Analyzer also applies: a policy
    /// is not public when it grants only to fixed principals, or to fixed values of
    /// aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount or
    /// aws:userid, or when aws:SourceIp limits it to a set of CIDR ranges (Amazon S3 API
    /// Reference, PublicAccessBlockConfiguration; Amazon S3 User Guide, "The meaning of
    /// 'public'"). A range of every address (`0.0.0.0/0`) limits nothing.
    @Test func noPublicAccess() throws {
        let bucket = PublicResourceType("AWS::S3::Bucket")!
        func check(_ principal: String, condition: String? = nil, action: String = "s3:GetObject") throws -> AccessVerdict {
            let policy = compiled(#"{"Effect": "Allow", "Principal": \#(principal), "Action": "\#(action)", "Resource": "arn:aws:s3:::b/*"\#(condition.map { ", \"Condition\": {\($0)}" } ?? "")}"#, .resource)
            let verdict = try AccessAnalysis.publicAccess(by: policy, resourceType: bucket)
            if let witness = verdict.witness {
                #expect(evaluatorAllows(policy, .resource, witness.request))
                #expect(witness.request.principal == .anonymous || witness.request.principal.account == "999911112222")
            }
            return verdict
        }
        #expect(try check(#""*""#).found)
        #expect(try check(#"{"AWS": "*"}"#).witness != nil)
        #expect(try !check(#"{"AWS": "111122223333"}"#).found)
        for restricted in [#""StringEquals": {"aws:PrincipalOrgID": "o-abc123"}"#, #""StringEquals": {"aws:SourceAccount": "111122223333"}"#,
            #""ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}"#,
            #""StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}"#, #""StringEquals": {"aws:PrincipalAccount": "111122223333"}"#,
            #""IpAddress": {"aws:SourceIp": "203.0.113.0/24"}"#]
        {
            let verdict = try check(#""*""#, condition: restricted)
            #expect(!verdict.found && verdict.exact, "\(restricted): \(verdict)")
        }
        for open in [#""StringLike": {"aws:PrincipalOrgID": "o-*"}"#, #""IpAddress": {"aws:SourceIp": "0.0.0.0/0"}"#,
            #""NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}"#, #""Bool": {"aws:SecureTransport": "true"}"#,
            #""ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}"#]
        {
            let verdict = try check(#""*""#, condition: open)
            #expect(verdict.found && verdict.witness != nil, "\(open): \(verdict)")
        }
        // Actions of another service do not reach a bucket.
        #expect(try !check(#""*""#, action: "sqs:SendMessage").found)
        // Anyone with a token from a web identity provider, unless its audience or subject is pinned.
        let roleType = PublicResourceType("AWS::IAM::AssumeRolePolicyDocument")!
        func web(_ condition: String?) throws -> AccessVerdict {
            let policy = compiled(#"{"Effect": "Allow", "Principal": {"Federated": "\#(condition == nil ? "accounts.google.com" : "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")"}, "Action": "sts:AssumeRoleWithWebIdentity"\#(condition.map { ", \"Condition\": {\($0)}" } ?? "")}"#, .trust)
            let verdict = try AccessAnalysis.publicAccess(by: policy, resourceType: roleType)
            if let witness = verdict.witness { #expect(evaluatorAllows(policy, .trust, witness.request)) }
            return verdict
        }
        #expect(try web(nil).witness != nil)
        #expect(try !web(#""StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/*"}"#).found)
        #expect(try web(#""StringLike": {"token.actions.githubusercontent.com:sub": "*"}"#).witness != nil)
        #expect(try web(#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}"#).witness != nil)
        let trust = compiled(#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#, .trust)
        let role = try AccessAnalysis.publicAccess(by: trust, resourceType: PublicResourceType("AWS::IAM::AssumeRolePolicyDocument")!)
        #expect(role.found && role.witness?.request.action.lowercased() == "sts:assumerole")
    }
}
