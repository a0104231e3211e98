import Foundation
import Testing

@testable import PolicyEngine

/// SplitMix64: a seeded generator of our own, so every run draws the same cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random policy sets and requests over a small vocabulary, dense enough that statements
/// match, conflict and miss often.
struct CaseGenerator {
    var random: SeededGenerator
    static let a = "111122223333"
    static let b = "444455556666"

    static let actionPatterns = ["*", "s3:*", "s3:Get*", "s3:?etObject", "ec2:*", "iam:PassRole", "kms:*", "sts:AssumeRole",
        "S3:GETOBJECT", "*:GetObject", "s3:List*"]
    static let actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances", "iam:PassRole", "kms:Decrypt",
        "sts:AssumeRole"]
    static let resourcePatterns = ["*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:s3:::*", "arn:aws:ec2:*:\(a):instance/*",
        "arn:aws:ec2:*", "arn:aws:kms:eu-west-1:\(a):key/*", "arn:aws:s3:::b/x?y", "arn:aws:s3:::c/*", "arn:aws:iam::\(a):role/*",
        "arn:aws:s3:::b/x*"]
    static let resources = ["*", "arn:aws:s3:::b", "arn:aws:s3:::b/x", "arn:aws:s3:::b/x/y", "arn:aws:ec2:eu-west-1:\(a):instance/i-1",
        "arn:aws:kms:eu-west-1:\(a):key/k", "arn:aws:iam::\(a):role/R", "arn:aws:s3:::c/z", "arn:aws:ec2:eu-west-1:\(b):instance/i-2"]
    static let principals = ["arn:aws:iam::\(a):user/alice", "arn:aws:iam::\(b):user/bob", "arn:aws:sts::\(a):assumed-role/AppRole/s1",
        "arn:aws:iam::\(a):role/AppRole", "arn:aws:iam::\(a):root", "anonymous", "s3.amazonaws.com",
        "arn:aws:sts::\(a):federated-user/carol", "arn:aws:iam::\(a):role/aws-service-role/x.amazonaws.com/SLR"]
    static let principalElements = [#""*""#, #"{"AWS": "*"}"#, #"{"AWS": "\#(a)"}"#, #"{"AWS": "arn:aws:iam::\#(a):root"}"#,
        #"{"AWS": "arn:aws:iam::\#(a):user/alice"}"#, #"{"AWS": ["arn:aws:iam::\#(b):user/bob", "\#(b)"]}"#,
        #"{"AWS": "arn:aws:iam::\#(a):role/AppRole"}"#, #"{"AWS": "arn:aws:sts::\#(a):assumed-role/AppRole/s1"}"#,
        #"{"Service": "s3.amazonaws.com"}"#, #"{"AWS": "arn:aws:sts::\#(a):federated-user/carol"}"#]
    static let conditions = [
        #""StringEquals": {"aws:PrincipalTag/team": ["red", "blue"]}"#,
        #""StringNotEquals": {"aws:PrincipalTag/team": "red"}"#,
        #""StringLike": {"aws:UserAgent": "aws-*"}"#,
        #""StringEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}"#,
        #""StringNotEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}"#,
        #""NumericLessThan": {"s3:max-keys": "10"}"#,
        #""Bool": {"aws:SecureTransport": "true"}"#,
        #""Null": {"aws:TagKeys": "true"}"#,
        #""Null": {"aws:TagKeys": "false"}"#,
        #""ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}"#,
        #""ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}"#,
        #""StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/*"}"#,
    ]

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func list(_ values: [String]) -> String {
        let count = Int.random(in: 1...2, using: &random)
        let chosen = (0..<count).map { _ in "\"\(pick(values))\"" }
        return count == 1 && chance(50) ? chosen[0] : "[\(chosen.joined(separator: ", "))]"
    }

    /// RCPs accept neither NotPrincipal nor NotAction.
    mutating func statement(withPrincipal: Bool, notForms: Bool = true) -> String {
        var members = [#""Effect": "\#(chance(70) ? "Allow" : "Deny")""#]
        if withPrincipal {
            members.append("\"\(notForms && chance(15) ? "NotPrincipal" : "Principal")\": \(pick(Self.principalElements))")
        }
        members.append("\"\(notForms && chance(10) ? "NotAction" : "Action")\": \(list(Self.actionPatterns))")
        members.append("\"\(chance(10) ? "NotResource" : "Resource")\": \(list(Self.resourcePatterns))")
        if chance(40) {
            let count = Int.random(in: 1...2, using: &random)
            var chosen: [String] = []
            for _ in 0..<count {
                let condition = pick(Self.conditions)
                let op = condition.split(separator: "\"")[0]
                if !chosen.contains(where: { $0.split(separator: "\"")[0] == op }) { chosen.append(condition) }
            }
            members.append("\"Condition\": {\(chosen.joined(separator: ", "))}")
        }
        return "{\(members.joined(separator: ", "))}"
    }

    mutating func policy(withPrincipal: Bool, notForms: Bool = true) -> String {
        let statements = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            statement(withPrincipal: withPrincipal, notForms: notForms)
        }
        return #"{"Version": "2012-10-17", "Statement": [\#(statements.joined(separator: ", "))]}"#
    }

    mutating func policies(_ maximum: Int, withPrincipal: Bool = false) -> [String] {
        (0..<Int.random(in: 0...maximum, using: &random)).map { _ in policy(withPrincipal: withPrincipal) }
    }

    mutating func context() -> RequestContext {
        var context = RequestContext()
        if chance(60) { context["aws:PrincipalTag/team"] = .single(pick(["red", "blue", "green"])) }
        if chance(50) { context["aws:UserAgent"] = .single(pick(["aws-cli/2", "curl/8"])) }
        if chance(50) { context["aws:RequestedRegion"] = .single(pick(["eu-west-1", "us-east-1"])) }
        if chance(50) { context["s3:max-keys"] = .single(pick(["5", "20"])) }
        if chance(60) { context["aws:SecureTransport"] = .single(pick(["true", "false"])) }
        if chance(60) { context["aws:TagKeys"] = .multiple(pick([[], ["env"], ["env", "cost"], ["team", "env"]])) }
        return context
    }

    mutating func request() -> AuthorizationRequest {
        AuthorizationRequest(
            principal: RequestPrincipal(pick(Self.principals))!, action: pick(Self.actions), resource: pick(Self.resources),
            context: context(), principalAccountIsManagementAccount: chance(10))
    }
}

@Suite struct DifferentialTests {
    struct PolicyTexts {
        var identity: [String]
        var resource: String?
        var boundaries: [String]
        var sessions: [String]
        var scps: [[String]]
        var rcps: [[String]]
    }

    @Test(.timeLimit(.minutes(5)))
    func engineAgreesWithTheReferenceOn100000Cases() throws {
        var generator = CaseGenerator(random: SeededGenerator(state: 20_261_201))
        let policySets = 10_000
        let requestsPerSet = 10
        var disagreements = 0
        var decisions: [Decision: Int] = [:]
        for set in 0..<policySets {
            let texts = PolicyTexts(
                identity: generator.policies(2), resource: generator.chance(50) ? generator.policy(withPrincipal: true) : nil,
                boundaries: generator.chance(25) ? [generator.policy(withPrincipal: false)] : [],
                sessions: generator.policies(1),
                scps: generator.chance(30) ? (0..<Int.random(in: 1...2, using: &generator.random)).map { _ in [generator.policy(withPrincipal: false)] } : [],
                rcps: generator.chance(15) ? [[generator.policy(withPrincipal: true, notForms: false)]] : [])
            let compiled = compile(texts)
            for _ in 0..<requestsPerSet {
                let request = generator.request()
                let engine = Evaluator.evaluate(request, policies: compiled.set)
                if !engine.errors.isEmpty {
                    Issue.record("the generator made a policy the engine cannot evaluate: \(engine.errors)")
                    return
                }
                let reference = ReferenceEvaluator(request: request, hasBoundary: !texts.boundaries.isEmpty).decide(compiled.input)
                decisions[engine.decision, default: 0] += 1
                if engine.decision != reference {
                    disagreements += 1
                    if disagreements <= 5 {
                        let path = writeScenario(texts, request, expected: reference, name: "differential-\(set)")
                        Issue.record("engine says \(engine.decision.rawValue) (\(engine.reason)), reference says \(reference.rawValue); written to \(path)")
                    }
                }
            }
        }
        #expect(disagreements == 0)
        // The generator must exercise every outcome, or the agreement means little.
        for decision in Decision.allCases { #expect(decisions[decision, default: 0] > 5_000, "\(decisions)") }
    }

    func compile(_ texts: PolicyTexts) -> (set: PolicySet, input: ReferenceEvaluator.Input) {
        func document(_ text: String, _ type: PolicyType) -> PolicyDocument {
            PolicyDocument(source: SourceText(name: "generated", text: text), policyType: type)
        }
        func both(_ text: String, _ type: PolicyType, _ id: String) -> (CompiledPolicy, Policy) {
            let doc = document(text, type)
            return (CompiledPolicy(document: doc, id: id), doc.policy!)
        }
        var set = PolicySet()
        var input = ReferenceEvaluator.Input()
        for (index, text) in texts.identity.enumerated() {
            let (c, p) = both(text, .identity, "identity\(index)")
            set.identityPolicies.append(c); input.identity.append(p)
        }
        if let text = texts.resource {
            let (c, p) = both(text, .resource, "resource")
            set.resourcePolicy = c; input.resource = p
        }
        for text in texts.boundaries {
            let (c, p) = both(text, .boundary, "boundary")
            set.permissionsBoundaries.append(c); input.boundaries.append(p)
        }
        for text in texts.sessions {
            let (c, p) = both(text, .session, "session")
            set.sessionPolicies.append(c); input.sessions.append(p)
        }
        for level in texts.scps {
            let pairs = level.map { both($0, .scp, "scp") }
            set.serviceControlPolicies.append(pairs.map(\.0)); input.scps.append(pairs.map(\.1))
        }
        for level in texts.rcps {
            let pairs = level.map { both($0, .rcp, "rcp") }
            set.resourceControlPolicies.append(pairs.map(\.0)); input.rcps.append(pairs.map(\.1))
        }
        return (set, input)
    }

    /// Writes a disagreement as a scenario fixture, expecting the reference's answer.
    func writeScenario(_ texts: PolicyTexts, _ request: AuthorizationRequest, expected: Decision, name: String) -> String {
        var context: [String] = []
        for key in request.context.keys {
            switch request.context[key]! {
            case .single(let value): context.append("\"\(key)\": \"\(value)\"")
            case .multiple(let values): context.append("\"\(key)\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]")
            }
        }
        let principal = request.principal.arn ?? (request.principal == .anonymous ? "anonymous" : "s3.amazonaws.com")
        let text = """
            {"description": "a disagreement found by DifferentialTests; check the expectation against the AWS docs",
             "identityPolicies": [\(texts.identity.joined(separator: ", "))],
             "resourcePolicy": \(texts.resource ?? "null"),
             "permissionsBoundaries": [\(texts.boundaries.joined(separator: ", "))],
             "sessionPolicies": [\(texts.sessions.joined(separator: ", "))],
             "scps": [\(texts.scps.map { "[\($0.joined(separator: ", "))]" }.joined(separator: ", "))],
             "rcps": [\(texts.rcps.map { "[\($0.joined(separator: ", "))]" }.joined(separator: ", "))],
             "requests": [{"name": "\(name)", "source": "DifferentialTests (reference evaluator)", "principal": "\(principal)",
               "action": "\(request.action)", "resource": "\(request.resource)", "context": {\(context.joined(separator: ", "))},
               "principalAccountIsManagementAccount": \(request.principalAccountIsManagementAccount), "expect": "\(expected.rawValue)"}]}

            """
        let path = TestPaths.fixtures.appendingPathComponent("scenarios/\(name).json").path
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
