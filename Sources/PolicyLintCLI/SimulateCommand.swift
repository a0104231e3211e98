import PolicyEngine

/// `policylint simulate`: decide requests against a set of policies, from flags or a scenario file.
enum SimulateCommand {
    static let commandPath = "policylint simulate"

    static let spec = CommandSpec(
        name: "simulate",
        abstract: "Decide whether requests are allowed by policies.",
        discussion: """
            Every --action is evaluated on every --resource. With --account SNAPSHOT the
            principal's own policies (inline, group, attached managed, boundary) come from an
            'aws iam get-account-authorization-details' file, and a role in it named by --resource
            brings its trust policy. Or give --scenario FILE: policies and requests with expected
            decisions, a policy unit test. Decisions are AWS's: allowed, explicitDeny or
            implicitDeny.
            """,
        options: [
            OptionSpec(long: "identity-policy", short: nil, valueName: "file", help: "An identity-based policy (repeatable).", isRepeatable: true),
            OptionSpec(long: "resource-policy", short: nil, valueName: "file", help: "The resource-based policy (a role's trust policy for sts:AssumeRole)."),
            OptionSpec(long: "permissions-boundary", short: nil, valueName: "file", help: "The permissions boundary."),
            OptionSpec(long: "session-policy", short: nil, valueName: "file", help: "A session policy (repeatable).", isRepeatable: true),
            OptionSpec(long: "scp", short: nil, valueName: "file", help: "A service control policy, one organization level each, root first (repeatable).", isRepeatable: true),
            OptionSpec(long: "rcp", short: nil, valueName: "file", help: "A resource control policy, one organization level each, root first (repeatable).", isRepeatable: true),
            OptionSpec(long: "principal", short: nil, valueName: "arn", help: "The caller: a user, role, assumed-role, federated-user or root ARN, an account id, a service principal or 'anonymous'."),
            OptionSpec(long: "principal-account", short: nil, valueName: "id", help: "The caller's account, when the principal does not name one."),
            OptionSpec(long: "action", short: "a", valueName: "name", help: "An action such as s3:GetObject (repeatable).", isRepeatable: true),
            OptionSpec(long: "resource", short: "r", valueName: "arn", help: "A resource ARN (repeatable).", defaultValue: "*", isRepeatable: true),
            OptionSpec(long: "resource-account", short: nil, valueName: "id", help: "The resource's account, when its ARN does not name one."),
            OptionSpec(long: "context", short: "c", valueName: "key=value[,value...]", help: "A request context key; several values make it multivalued (repeatable).", isRepeatable: true),
            OptionSpec(long: "management-account", short: nil, valueName: nil, help: "The caller's account is the organization's management account."),
            OptionSpec(long: "account", short: nil, valueName: "snapshot", help: "An account snapshot to take the principal's policies from."),
            OptionSpec(long: "scenario", short: nil, valueName: "file", help: "A scenario file; the other policy and request options are then not allowed."),
            OptionSpec(long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'json'.", allowedValues: ["text", "json"], defaultValue: "text"),
        ],
        arguments: [])

    static func run(
        _ arguments: [String], context: CommandContext, output: any CommandOutput, errors: any CommandOutput
    ) -> ExitStatus {
        let parsed: ParsedArguments
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }

        let outcomes: [SimulationOutcome]
        var notes: [String] = []
        switch buildOutcomes(parsed, notes: &notes) {
        case .failure(let failure):
            return failure.report(to: errors, spec: spec, commandPath: commandPath)
        case .success(let built):
            outcomes = built
        }
        for note in notes { errors.write("policylint: warning: \(note)\n") }
        switch parsed.value("format") ?? "text" {
        case "json": output.write(SimulationJSONReporter.report(outcomes))
        default: output.write(SimulationTextReporter.report(outcomes))
        }
        if outcomes.contains(where: { !$0.result.errors.isEmpty }) { return .failure }
        return outcomes.contains(where: \.expectationFailed) ? .findings : .success
    }

    enum Failure: Error {
        case usage(UsageError)
        case input(String)

        /// A usage mistake with the command's usage line, bad input as `policylint: error: …`;
        /// exit status 2 either way.
        func report(to errors: any CommandOutput, spec: CommandSpec, commandPath: String) -> ExitStatus {
            switch self {
            case .usage(let usage): errors.write(HelpFormatter.errorText(usage, spec: spec, commandPath: commandPath))
            case .input(let message): errors.write("policylint: error: \(message)\n")
            }
            return .failure
        }
    }

    static let requestOptions = [
        "identity-policy", "resource-policy", "permissions-boundary", "session-policy", "scp", "rcp", "principal",
        "principal-account", "action", "resource", "resource-account", "context", "account",
    ]

    static func buildOutcomes(_ parsed: ParsedArguments, notes: inout [String]) -> Result<[SimulationOutcome], Failure> {
        if let scenarioPath = parsed.value("scenario") {
            if let conflicting = requestOptions.first(where: { parsed.values[$0] != nil }) {
                return .failure(.usage(UsageError(message: "'--\(conflicting)' cannot be combined with '--scenario'")))
            }
            return runScenario(scenarioPath)
        }
        if parsed.value("account") != nil {
            for option in ["identity-policy", "permissions-boundary"] where parsed.values[option] != nil {
                return .failure(.usage(UsageError(message: "'--\(option)' cannot be combined with '--account'; the snapshot gives the principal's policies")))
            }
        }
        guard let principalText = parsed.value("principal") else {
            return .failure(.usage(UsageError(message: "Missing expected option '--principal <arn>' (or give '--scenario <file>')")))
        }
        guard var principal = RequestPrincipal(principalText) else {
            return .failure(.usage(UsageError(message: "The value '\(principalText)' is invalid for '--principal <arn>'")))
        }
        let actions = parsed.allValues("action")
        guard !actions.isEmpty else { return .failure(.usage(UsageError(message: "Missing expected option '--action <name>'"))) }
        let requestContext: RequestContext
        switch requestContextOption(parsed) {
        case .failure(let usage): return .failure(.usage(usage))
        case .success(let context): requestContext = context
        }

        var policies = PolicySet()
        do throws(Failure) {
            policies.identityPolicies = try parsed.allValues("identity-policy").map { path throws(Failure) in try load(path, .identity) }
            policies.resourcePolicy = try parsed.value("resource-policy").map { path throws(Failure) in try load(path, nil) }
            policies.permissionsBoundaries = try parsed.value("permissions-boundary").map { path throws(Failure) in [try load(path, .boundary)] } ?? []
            policies.sessionPolicies = try parsed.allValues("session-policy").map { path throws(Failure) in try load(path, .session) }
            policies.serviceControlPolicies = try parsed.allValues("scp").map { path throws(Failure) in [try load(path, .scp)] }
            policies.resourceControlPolicies = try parsed.allValues("rcp").map { path throws(Failure) in [try load(path, .rcp)] }
        } catch {
            return .failure(error)
        }
        var snapshotPrincipals: SnapshotPrincipals?
        if let snapshotPath = parsed.value("account") {
            let principals: SnapshotPrincipals
            switch loadSnapshot(snapshotPath) {
            case .failure(let failure): return .failure(failure)
            case .success(let loaded): principals = loaded
            }
            switch principals.gather(principalText) {
            case .failure(let error): return .failure(.input("\(snapshotPath): \(error)"))
            case .success(let gathered):
                principal = gathered.principal
                policies.identityPolicies = gathered.identityPolicies
                policies.permissionsBoundaries = gathered.permissionsBoundary.map { [$0] } ?? []
                for missing in gathered.missingPolicies {
                    notes.append("`\(missing)` is attached to \(gathered.entity.arn) but not in the snapshot; what it allows is not counted")
                }
            }
            snapshotPrincipals = principals
        }
        var outcomes: [SimulationOutcome] = []
        let resources = parsed.allValues("resource").isEmpty ? ["*"] : parsed.allValues("resource")
        for action in actions {
            for resource in resources {
                var policies = policies
                // A role in the snapshot as the resource of sts:AssumeRole*: its trust policy decides.
                if policies.resourcePolicy == nil, let trust = snapshotPrincipals?.trustPolicy(ofRole: resource) {
                    policies.resourcePolicy = trust
                }
                let request = AuthorizationRequest(
                    principal: principal, principalAccount: parsed.value("principal-account"), action: action,
                    resource: resource, resourceAccount: parsed.value("resource-account"), context: requestContext,
                    principalAccountIsManagementAccount: parsed.flags.contains("management-account"))
                outcomes.append(SimulationOutcome(request: request, result: Evaluator.evaluate(request, policies: policies)))
            }
        }
        return .success(outcomes)
    }

    /// `--context KEY=VALUE[,VALUE...]`, repeatable; several values make the key multivalued.
    static func requestContextOption(_ parsed: ParsedArguments) -> Result<RequestContext, UsageError> {
        var requestContext = RequestContext()
        for entry in parsed.allValues("context") {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                return .failure(UsageError(message: "The value '\(entry)' is invalid for '--context'; expected KEY=VALUE[,VALUE...]"))
            }
            let key = String(entry[..<equals])
            let values = entry[entry.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            requestContext[key] = values.count == 1 ? .single(values[0]) : .multiple(values)
        }
        return .success(requestContext)
    }

    static func loadSnapshot(_ path: String) -> Result<SnapshotPrincipals, Failure> {
        switch FileSystem.readFile(path) {
        case .failure(let error): return .failure(.input(error.message))
        case .success(let bytes):
            switch AccountSnapshot.load(SourceText(name: path, bytes: bytes)) {
            case .failure(let error): return .failure(.input(error.message))
            case .success(let snapshot):
                if let problem = snapshot.findings.first {
                    let position = snapshot.source.position(of: problem.span.start)
                    return .failure(.input("\(path):\(position): \(problem.message)"))
                }
                return .success(SnapshotPrincipals(snapshot))
            }
        }
    }

    /// Reads a policy file; a resource policy's type (trust or resource-based) comes from its shape.
    static func load(_ path: String, _ type: PolicyType?) throws(Failure) -> CompiledPolicy {
        switch FileSystem.readFile(path) {
        case .failure(let error): throw .input(error.message)
        case .success(let bytes):
            let source = SourceText(name: path, bytes: bytes)
            let policyType = type ?? ((try? JSONParser.parse(bytes)).map(PolicyType.inferResourcePolicy) ?? .resource)
            return CompiledPolicy(document: PolicyDocument(source: source, policyType: policyType), id: path)
        }
    }

    static func runScenario(_ path: String) -> Result<[SimulationOutcome], Failure> {
        let bytes: [UInt8]
        switch FileSystem.readFile(path) {
        case .failure(let error): return .failure(.input(error.message))
        case .success(let read): bytes = read
        }
        switch ScenarioLoader.load(SourceText(name: path, bytes: bytes)) {
        case .failure(let error): return .failure(.input(error.description))
        case .success(let scenario):
            return .success(scenario.requests.map { entry in
                SimulationOutcome(name: entry.name, request: entry.request,
                    result: Evaluator.evaluate(entry.request, policies: scenario.policies), expect: entry.expect,
                    location: "\(path):\(entry.position)")
            })
        }
    }
}
