import PolicyEngine

/// What the fuzzer does with one input, shared by the libFuzzer target (Fuzz/FuzzTarget.swift,
/// built by Scripts/fuzz) and the regression test, so a fixture replays exactly what crashed.
/// Only public API: the fuzz build compiles this file into the PolicyEngine module itself.
enum FuzzPipeline {
    static func run(_ bytes: [UInt8]) {
        let source = SourceText(name: "fuzz.json", bytes: bytes)
        for type in [nil] + PolicyType.allCases.map(Optional.some) {
            let document = PolicyDocument(source: source, policyType: type)
            let findings = Linter().lint(document)
            // Resolving positions walks the line index with every finding's span.
            let located = (document.findings + findings).map { LocatedFinding($0, in: source) }
            if type == nil {
                let reports = [FileReport(file: source.name, findings: located)]
                _ = TextReporter.report(reports)
                _ = JSONReporter.report(reports)
                _ = SARIFReporter.report(reports, version: "fuzz")
                _ = GitHubReporter.report(reports)
            }
        }
        readContainer(source)
        evaluate(source)
        // Scenario files are user input too; policy files they name are not read.
        _ = ScenarioLoader.load(source, readFile: { _ in .failure(FileReadError(path: "", reason: "fuzz")) })
    }

    /// Templates, plans and snapshots: every policy inside is linted and located in the file,
    /// and a snapshot's principals are gathered and decided.
    private static func readContainer(_ source: SourceText) {
        let file = PolicyFile(source: source, policyType: nil)
        var located = file.findings.map { LocatedFinding($0, in: source) }
        for entry in file.entries {
            for finding in Linter().lint(entry.document) {
                located.append(LocatedFinding(finding, in: entry.document.source, origin: entry.origin))
            }
        }
        _ = TextReporter.report([FileReport(file: source.name, findings: located, policies: file.entries.count)])
        if file.shape == .accountSnapshot, case .success(let snapshot) = AccountSnapshot.load(source) {
            let principals = SnapshotPrincipals(snapshot)
            for user in snapshot.users.prefix(3) { _ = principals.gather(user.arn) }
            _ = principals.whoCan([SnapshotPrincipals.Request(action: "s3:GetObject", resource: "*")])
        }
    }

    private static func evaluate(_ source: SourceText) {
        let identity = CompiledPolicy(source: source, id: "identity", policyType: .identity)
        let resource = CompiledPolicy(source: source, id: "resource", policyType: .resource)
        let scp = CompiledPolicy(source: source, id: "scp", policyType: .scp)
        let sets = [
            PolicySet(identityPolicies: [identity]),
            PolicySet(resourcePolicy: resource),
            PolicySet(identityPolicies: [identity], resourcePolicy: resource, permissionsBoundaries: [identity],
                sessionPolicies: [identity], serviceControlPolicies: [[scp]], resourceControlPolicies: [[scp]]),
        ]
        var requests = fixedRequests
        // Requests built from the input's own strings reach the matchers with hostile text.
        if let policy = PolicyDocument(source: source, policyType: .identity).policy {
            let actions = policy.statements.flatMap { $0.action?.values.map(\.value) ?? [] }.prefix(3)
            let resources = policy.statements.flatMap { $0.resource?.values.map(\.value) ?? [] }.prefix(3)
            for (action, resource) in zip(actions, resources + ["*", "*", "*"]) {
                requests.append(AuthorizationRequest(principal: user, action: action, resource: resource,
                    context: context))
            }
        }
        for request in requests {
            for set in sets { _ = Evaluator.evaluate(request, policies: set) }
        }
    }

    private static let user = RequestPrincipal("arn:aws:iam::111122223333:user/alice")!
    private static let context = RequestContext([
        "aws:SourceIp": .single("203.0.113.7"), "aws:CurrentTime": .single("2026-12-01T07:30:00Z"),
        "aws:SecureTransport": .single("true"), "aws:MultiFactorAuthAge": .single("42"),
        "aws:PrincipalTag/team": .single("payments"), "aws:TagKeys": .multiple(["team", "env"]),
        "aws:SourceArn": .single("arn:aws:s3:::bucket"), "s3:prefix": .multiple([]),
        "aws:userid": .single("AIDAEXAMPLE"), "aws:PrincipalOrgID": .single("o-example"),
    ])
    private static let fixedRequests: [AuthorizationRequest] = [
        AuthorizationRequest(principal: user, action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key",
            context: context),
        AuthorizationRequest(principal: user, action: "iam:PassRole",
            resource: "arn:aws:iam::111122223333:role/app", context: context),
        AuthorizationRequest(principal: RequestPrincipal("arn:aws:iam::444455556666:root")!,
            action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/app", context: context),
        AuthorizationRequest(principal: .service("lambda.amazonaws.com"), action: "kms:Decrypt",
            resource: "arn:aws:kms:eu-west-1:111122223333:key/1", context: context),
        AuthorizationRequest(principal: .anonymous, action: "ec2:DescribeInstances", resource: "*"),
    ]
}
