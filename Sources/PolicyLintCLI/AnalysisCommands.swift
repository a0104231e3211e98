import PolicyEngine

/// What the three analysis commands share: loading policies, running a check, reporting it.
enum AnalysisCommandSupport {
    static let policyTypes = ["auto"] + PolicyType.allCases.map(\.rawValue)

    static let formatOption = OptionSpec(
        long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'json'.",
        allowedValues: ["text", "json"], defaultValue: "text")

    static func policyTypeOption(_ help: String) -> OptionSpec {
        OptionSpec(long: "policy-type", short: "t", valueName: "type", help: "\(help): \(quotedList(policyTypes)).",
            allowedValues: policyTypes, defaultValue: "auto")
    }

    static let exitStatusNote = "Exit status: 0 when the check passes, 1 when it fails (or cannot be proved to pass), 2 on bad input."

    /// Reads and compiles a policy; `type` nil infers it from the document.
    static func load(_ path: String, _ type: PolicyType?) -> Result<(CompiledPolicy, PolicyType), AnalysisError> {
        switch FileSystem.readFile(path) {
        case .failure(let error): return .failure(AnalysisError(error.message))
        case .success(let bytes):
            let document = PolicyDocument(source: SourceText(name: path, bytes: bytes), policyType: type)
            return .success((CompiledPolicy(document: document, id: path), document.policyType))
        }
    }

    static func policyType(_ parsed: ParsedArguments) -> PolicyType? {
        PolicyType(rawValue: parsed.value("policy-type") ?? "auto")
    }

    static func finish(
        _ outcome: Result<AccessVerdict, AnalysisError>, check: AccessCheck, parsed: ParsedArguments, output: any CommandOutput,
        errors: any CommandOutput
    ) -> ExitStatus {
        switch outcome {
        case .failure(let error):
            errors.write("policylint: error: \(error)\n")
            return .failure
        case .success(let verdict):
            if parsed.value("format") == "json" {
                output.write(AnalysisJSONReporter.report(verdict, check: check))
            } else {
                output.write(AnalysisTextReporter.report(verdict, check: check))
            }
            return verdict.found ? .findings : .success
        }
    }

    enum Failure: Error {
        case usage(String)
        case analysis(AnalysisError)
    }

    /// Parses the arguments, runs the check and reports it: usage mistakes as swift-argument-parser
    /// does, bad input as `policylint: error: file:line:col: …`, both with exit status 2.
    static func run(
        _ arguments: [String], spec: CommandSpec, commandPath: String, check: AccessCheck, output: any CommandOutput,
        errors: any CommandOutput, _ body: (ParsedArguments) throws(Failure) -> AccessVerdict
    ) -> ExitStatus {
        let parsed: ParsedArguments
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }
        let outcome = Result { () throws(Failure) -> AccessVerdict in try body(parsed) }
        switch outcome {
        case .failure(.usage(let message)):
            errors.write(HelpFormatter.errorText(UsageError(message: message), spec: spec, commandPath: commandPath))
            return .failure
        case .failure(.analysis(let error)):
            return finish(.failure(error), check: check, parsed: parsed, output: output, errors: errors)
        case .success(let verdict):
            return finish(.success(verdict), check: check, parsed: parsed, output: output, errors: errors)
        }
    }

    /// `load`, its error as a `Failure`.
    static func policy(_ path: String, _ type: PolicyType?) throws(Failure) -> (CompiledPolicy, PolicyType) {
        switch load(path, type) {
        case .success(let loaded): return loaded
        case .failure(let error): throw .analysis(error)
        }
    }

    static func analysed(_ body: () throws(AnalysisError) -> AccessVerdict) throws(Failure) -> AccessVerdict {
        do throws(AnalysisError) { return try body() } catch { throw .analysis(error) }
    }
}

/// `policylint diff OLD NEW`: does NEW allow any request OLD does not?
enum DiffCommand {
    static let commandPath = "policylint diff"

    static let spec = CommandSpec(
        name: "diff",
        abstract: "Prove whether a policy change grants new access.",
        discussion: """
            Decides whether NEW allows any request that OLD does not, comparing actions, resources,
            principals and conditions exactly, and shows a witness request that NEW allows and OLD
            denies, confirmed by the evaluator. When a condition or a policy variable is beyond what
            it compares exactly it says so and reports possible new access; it never reports no new
            access without proof. \(AnalysisCommandSupport.exitStatusNote)
            """,
        options: [
            AnalysisCommandSupport.policyTypeOption("The type of both policies; 'auto' infers it from NEW"),
            AnalysisCommandSupport.formatOption,
        ],
        arguments: [
            ArgumentSpec(name: "old", help: "The policy before the change.", isRepeatable: false, isRequired: true),
            ArgumentSpec(name: "new", help: "The policy after the change.", isRepeatable: false, isRequired: true),
        ])

    static func run(_ arguments: [String], output: any CommandOutput, errors: any CommandOutput) -> ExitStatus {
        AnalysisCommandSupport.run(arguments, spec: spec, commandPath: commandPath, check: .newAccess, output: output, errors: errors) {
            parsed throws(AnalysisCommandSupport.Failure) in
            guard parsed.positionals.count == 2 else { throw .usage("Missing expected argument '<new>'") }
            let (new, inferred) = try AnalysisCommandSupport.policy(parsed.positionals[1], AnalysisCommandSupport.policyType(parsed))
            let (old, _) = try AnalysisCommandSupport.policy(parsed.positionals[0], inferred)
            return try AnalysisCommandSupport.analysed { () throws(AnalysisError) in
                try AccessAnalysis.newAccess(from: old, to: new, policyType: inferred)
            }
        }
    }
}

/// `policylint check-access-not-granted POLICY --action A`: is none of that access allowed?
enum CheckAccessNotGrantedCommand {
    static let commandPath = "policylint check-access-not-granted"

    static let spec = CommandSpec(
        name: "check-access-not-granted",
        abstract: "Prove that a policy grants none of the given actions.",
        discussion: """
            Passes only when no request for one of the --action values (on one of the --resource
            values, or any resource) is allowed; otherwise shows a witness request the evaluator
            allows. Actions and resources may use '*' and '?'. \(AnalysisCommandSupport.exitStatusNote)
            """,
        options: [
            OptionSpec(long: "action", short: "a", valueName: "name", help: "An action such as s3:DeleteBucket (repeatable).", isRepeatable: true),
            OptionSpec(long: "resource", short: "r", valueName: "arn", help: "A resource ARN or pattern (repeatable; default: any resource).", isRepeatable: true),
            AnalysisCommandSupport.policyTypeOption("The policy type; 'auto' infers it from the document"),
            AnalysisCommandSupport.formatOption,
        ],
        arguments: [ArgumentSpec(name: "policy", help: "The policy to check.", isRepeatable: false, isRequired: true)])

    static func run(_ arguments: [String], output: any CommandOutput, errors: any CommandOutput) -> ExitStatus {
        AnalysisCommandSupport.run(arguments, spec: spec, commandPath: commandPath, check: .accessGranted, output: output, errors: errors) {
            parsed throws(AnalysisCommandSupport.Failure) in
            let actions = parsed.allValues("action")
            guard !actions.isEmpty else { throw .usage("Missing expected option '--action <name>'") }
            let (policy, type) = try AnalysisCommandSupport.policy(parsed.positionals[0], AnalysisCommandSupport.policyType(parsed))
            return try AnalysisCommandSupport.analysed { () throws(AnalysisError) in
                try AccessAnalysis.accessGranted(by: policy, policyType: type, actions: actions, resources: parsed.allValues("resource"))
            }
        }
    }
}

/// `policylint check-no-public-access POLICY --resource-type TYPE`.
enum CheckNoPublicAccessCommand {
    static let commandPath = "policylint check-no-public-access"

    static let spec = CommandSpec(
        name: "check-no-public-access",
        abstract: "Prove that a resource policy allows no public access.",
        discussion: """
            Decides whether the resource policy can allow anyone outside the account: an anonymous
            caller, or a principal of an account the policy does not name, whose request carries none
            of the accounts, organizations, VPC endpoints, source ARNs or networks the conditions name
            (aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn, aws:SourceIp…).
            Shows a witness request the evaluator allows. \(AnalysisCommandSupport.exitStatusNote)
            """,
        options: [
            OptionSpec(long: "resource-type", short: nil, valueName: "type",
                help: "The resource type, as Access Analyzer names it: AWS::S3::Bucket, AWS::SQS::Queue, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument, AWS::Lambda::Function…"),
            AnalysisCommandSupport.formatOption,
        ],
        arguments: [ArgumentSpec(name: "policy", help: "The resource policy (or role trust policy) to check.", isRepeatable: false, isRequired: true)])

    static func run(_ arguments: [String], output: any CommandOutput, errors: any CommandOutput) -> ExitStatus {
        AnalysisCommandSupport.run(arguments, spec: spec, commandPath: commandPath, check: .publicAccess, output: output, errors: errors) {
            parsed throws(AnalysisCommandSupport.Failure) in
            guard let typeName = parsed.value("resource-type") else { throw .usage("Missing expected option '--resource-type <type>'") }
            guard let resourceType = PublicResourceType(typeName) else {
                var message = "The value '\(typeName)' is invalid for '--resource-type <type>'."
                if let suggestion = Suggestions.closest(to: typeName, among: PublicResourceType.names) { message += " Did you mean '\(suggestion)'?" }
                throw .usage(message)
            }
            let (policy, _) = try AnalysisCommandSupport.policy(parsed.positionals[0], resourceType.policyType)
            return try AnalysisCommandSupport.analysed { () throws(AnalysisError) in
                try AccessAnalysis.publicAccess(by: policy, resourceType: resourceType)
            }
        }
    }
}
