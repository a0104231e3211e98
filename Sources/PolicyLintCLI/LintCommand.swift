import PolicyEngine

/// `policylint lint`: parse and check policy files, report findings, and set the exit code.
enum LintCommand {
    static let policyTypes = ["auto"] + PolicyType.allCases.map(\.rawValue)
    static let formats = ["text", "json"]
    static let failLevels = Severity.allCases.reversed().map(\.rawValue) + ["none"]

    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check IAM policy files for errors and risky patterns.",
        discussion: """
            Each PATH is a policy file or a folder, read recursively for *.json files; '-' reads
            standard input. Findings are printed as 'path:line:column: severity: message [rule-id]'.
            """,
        options: [
            OptionSpec(
                long: "policy-type", short: "t", valueName: "type",
                help: "The policy type: \(quotedList(policyTypes)). 'auto' infers it from each file.",
                allowedValues: policyTypes, defaultValue: "auto"),
            OptionSpec(
                long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'json'.",
                allowedValues: formats, defaultValue: "text"),
            OptionSpec(
                long: "fail-on", short: nil, valueName: "level",
                help: "Exit with status 1 when a finding is at least this severe: \(quotedList(failLevels)).",
                allowedValues: failLevels, defaultValue: "security-warning"),
            OptionSpec(
                long: "color", short: nil, valueName: "when",
                help: "Colour text output: 'auto', 'always' or 'never'. 'auto' honours NO_COLOR.",
                allowedValues: ["auto", "always", "never"], defaultValue: "auto"),
        ],
        arguments: [
            ArgumentSpec(name: "paths", help: "The policy files or folders to lint.", isRepeatable: true, isRequired: true)
        ])

    static let commandPath = "policylint lint"

    static func run(
        _ arguments: [String], context: CommandContext, output: any CommandOutput, errors: any CommandOutput
    ) -> ExitStatus {
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try ArgumentParser.parse(arguments, spec: spec)
            if parsed.flags.contains("help") {
                output.write(HelpFormatter.help(spec, commandPath: commandPath))
                return .success
            }
            try ArgumentParser.validatePositionals(parsed, spec: spec)
        } catch {
            errors.write(HelpFormatter.errorText(error, spec: spec, commandPath: commandPath))
            return .failure
        }

        let typeName = parsed.value("policy-type") ?? "auto"
        let policyType = PolicyType(rawValue: typeName)
        let failLevel = Severity(rawValue: parsed.value("fail-on") ?? Severity.securityWarning.rawValue)
        let (inputs, inputErrors) = collectInputs(parsed.positionals, context: context)
        var hadInputError = !inputErrors.isEmpty
        for error in inputErrors { errors.write("policylint: error: \(error.message)\n") }

        var reports: [FileReport] = []
        for input in inputs {
            switch input.bytes {
            case .failure(let error):
                errors.write("policylint: error: \(error.message)\n")
                hadInputError = true
            case .success(let bytes):
                let document = PolicyDocument(source: SourceText(name: input.name, bytes: bytes), policyType: policyType)
                reports.append(FileReport(file: input.name, findings: document.locatedFindings))
            }
        }

        switch parsed.value("format") ?? "text" {
        case "json":
            output.write(JSONReporter.report(reports))
        default:
            let color = ColorChoice.useColor(option: parsed.value("color"), context: context)
            output.write(TextReporter.report(reports, color: color))
        }

        if hadInputError { return .failure }
        guard let failLevel else { return .success }  // --fail-on none
        let failing = reports.contains { $0.findings.contains { $0.finding.severity >= failLevel } }
        return failing ? .findings : .success
    }

    struct Input {
        var name: String
        var bytes: Result<[UInt8], FileReadError>
    }

    /// Expands folders to the policy files inside them, in a stable order.
    static func collectInputs(_ paths: [String], context: CommandContext) -> ([Input], [FileReadError]) {
        var inputs: [Input] = []
        var errors: [FileReadError] = []
        for path in paths {
            if path == "-" {
                inputs.append(Input(name: "<stdin>", bytes: .success(context.readStandardInput())))
                continue
            }
            switch FileSystem.kind(of: path) {
            case .directory:
                let found = FileSystem.files(under: path, extensions: [".json"])
                errors += found.errors
                if found.files.isEmpty, found.errors.isEmpty {
                    errors.append(FileReadError(path: path, reason: "no .json files in this folder"))
                }
                inputs += found.files.map { Input(name: $0, bytes: FileSystem.readFile($0)) }
            case .file:
                inputs.append(Input(name: path, bytes: FileSystem.readFile(path)))
            case .missing(let reason):
                errors.append(FileReadError(path: path, reason: reason))
            }
        }
        return (inputs, errors)
    }
}
