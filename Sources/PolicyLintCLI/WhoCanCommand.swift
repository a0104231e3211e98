import PolicyEngine

/// `policylint who-can`: every user and role in an account snapshot allowed to make a request.
enum WhoCanCommand {
    static let commandPath = "policylint who-can"

    static let spec = CommandSpec(
        name: "who-can",
        abstract: "List who in an account snapshot is allowed a request.",
        discussion: """
            Each user's and role's policies are gathered from the snapshot ('aws iam
            get-account-authorization-details' output): inline, group and attached managed
            policies, and the permissions boundary. A principal whose decision cannot be made (a
            boundary missing from the snapshot, a condition that cannot be evaluated) is listed
            apart and never as allowed.
            """,
        options: [
            OptionSpec(long: "account", short: nil, valueName: "snapshot", help: "The account snapshot."),
            OptionSpec(long: "action", short: "a", valueName: "name", help: "An action such as s3:DeleteBucket (repeatable).", isRepeatable: true),
            OptionSpec(long: "resource", short: "r", valueName: "arn", help: "The resource ARN.", defaultValue: "*"),
            OptionSpec(long: "resource-policy", short: nil, valueName: "file", help: "The resource's own policy, when it has one."),
            OptionSpec(long: "context", short: "c", valueName: "key=value[,value...]", help: "A request context key (repeatable).", isRepeatable: true),
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
        func fail(_ failure: SimulateCommand.Failure) -> ExitStatus {
            failure.report(to: errors, spec: spec, commandPath: commandPath)
        }
        guard let snapshotPath = parsed.value("account") else {
            return fail(.usage(UsageError(message: "Missing expected option '--account <snapshot>'")))
        }
        let actions = parsed.allValues("action")
        guard !actions.isEmpty else { return fail(.usage(UsageError(message: "Missing expected option '--action <name>'"))) }
        let requestContext: RequestContext
        switch SimulateCommand.requestContextOption(parsed) {
        case .failure(let error): return fail(.usage(error))
        case .success(let built): requestContext = built
        }
        let principals: SnapshotPrincipals
        switch SimulateCommand.loadSnapshot(snapshotPath) {
        case .failure(let failure): return fail(failure)
        case .success(let loaded): principals = loaded
        }
        let resource = parsed.value("resource") ?? "*"
        var resourcePolicy: CompiledPolicy?
        if let path = parsed.value("resource-policy") {
            do throws(SimulateCommand.Failure) {
                resourcePolicy = try SimulateCommand.load(path, nil)
            } catch {
                return fail(error)
            }
        }
        resourcePolicy = resourcePolicy ?? principals.trustPolicy(ofRole: resource)

        let requests = actions.map { SnapshotPrincipals.Request(action: $0, resource: resource) }
        let answers = principals.whoCan(requests, context: requestContext, resourcePolicy: resourcePolicy,
            jobs: ProcessorCount.available)
        let reports = zip(requests, answers).map { request, found in
            WhoCanReporter.Report(
                action: request.action, resource: resource,
                allowed: found.allowed.map { ($0.entity.arn, $0.result) }, undecided: found.undecided.map { ($0.entity.arn, $0.result) })
        }
        switch parsed.value("format") ?? "text" {
        case "json": output.write(WhoCanReporter.json(reports))
        default: output.write(WhoCanReporter.text(reports))
        }
        return .success
    }
}
