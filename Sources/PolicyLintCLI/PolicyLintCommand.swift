import PolicyEngine

/// policylint's exit codes: 0 clean, 1 findings at or above the threshold, 2 usage or input errors.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case findings = 1
    case failure = 2
}

/// The command-line program as a library function: `main.swift` only builds the streams.
public enum PolicyLintCommand {
    public static let version = "0.1.0"
    static let name = "policylint"

    static let subcommands: [(name: String, abstract: String)] = [
        ("lint", LintCommand.spec.abstract),
        ("expand", ExpandCommand.spec.abstract),
        ("describe", DescribeCommand.spec.abstract),
        ("simulate", SimulateCommand.spec.abstract),
        ("diff", DiffCommand.spec.abstract),
        ("check-access-not-granted", CheckAccessNotGrantedCommand.spec.abstract),
        ("check-no-public-access", CheckNoPublicAccessCommand.spec.abstract),
        ("rules", RulesCommand.spec.abstract),
        ("help", "Show subcommand help information."),
    ]

    static let spec = CommandSpec(
        name: name,
        abstract: "Lint and evaluate AWS IAM policies.",
        options: [OptionSpec(long: "version", short: nil, valueName: nil, help: "Show the version.")],
        arguments: [],
        subcommands: subcommands)

    public static func run(
        _ arguments: [String], context: CommandContext, output: any CommandOutput, errors: any CommandOutput
    ) -> ExitStatus {
        guard let first = arguments.first else {
            output.write(HelpFormatter.help(spec, commandPath: name))
            return .success
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--version":
            output.write(version + "\n")
            return .success
        case "-h", "--help":
            output.write(HelpFormatter.help(spec, commandPath: name))
            return .success
        case "help":
            return help(rest, output: output, errors: errors)
        case "lint":
            return LintCommand.run(rest, context: context, output: output, errors: errors)
        case "expand":
            return ExpandCommand.run(rest, output: output, errors: errors)
        case "describe":
            return DescribeCommand.run(rest, output: output, errors: errors)
        case "simulate":
            return SimulateCommand.run(rest, context: context, output: output, errors: errors)
        case "rules":
            return RulesCommand.run(rest, output: output, errors: errors)
        case "diff":
            return DiffCommand.run(rest, output: output, errors: errors)
        case "check-access-not-granted":
            return CheckAccessNotGrantedCommand.run(rest, output: output, errors: errors)
        case "check-no-public-access":
            return CheckNoPublicAccessCommand.run(rest, output: output, errors: errors)
        default:
            let message: String
            if first.hasPrefix("-") {
                let suggestion = Suggestions.closest(to: first, among: ["--version", "--help"])
                message = "Unknown option '\(first)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
            } else {
                message = unknownSubcommandMessage(first)
            }
            errors.write(HelpFormatter.errorText(UsageError(message: message), spec: spec, commandPath: name))
            return .failure
        }
    }

    static func help(_ arguments: [String], output: any CommandOutput, errors: any CommandOutput) -> ExitStatus {
        guard let topic = arguments.first else {
            output.write(HelpFormatter.help(spec, commandPath: name))
            return .success
        }
        switch topic {
        case "lint":
            output.write(HelpFormatter.help(LintCommand.spec, commandPath: "\(name) lint"))
            return .success
        case "expand":
            output.write(HelpFormatter.help(ExpandCommand.spec, commandPath: ExpandCommand.commandPath))
            return .success
        case "describe":
            output.write(HelpFormatter.help(DescribeCommand.spec, commandPath: DescribeCommand.commandPath))
            return .success
        case "simulate":
            output.write(HelpFormatter.help(SimulateCommand.spec, commandPath: "\(name) simulate"))
            return .success
        case "rules":
            output.write(HelpFormatter.help(RulesCommand.spec, commandPath: "\(name) rules"))
            return .success
        case "diff":
            output.write(HelpFormatter.help(DiffCommand.spec, commandPath: DiffCommand.commandPath))
            return .success
        case "check-access-not-granted":
            output.write(HelpFormatter.help(CheckAccessNotGrantedCommand.spec, commandPath: CheckAccessNotGrantedCommand.commandPath))
            return .success
        case "check-no-public-access":
            output.write(HelpFormatter.help(CheckNoPublicAccessCommand.spec, commandPath: CheckNoPublicAccessCommand.commandPath))
            return .success
        case "help":
            output.write(HelpFormatter.help(spec, commandPath: name))
            return .success
        default:
            let error = UsageError(message: unknownSubcommandMessage(topic))
            errors.write(HelpFormatter.errorText(error, spec: spec, commandPath: name))
            return .failure
        }
    }

    static func unknownSubcommandMessage(_ name: String) -> String {
        let suggestion = Suggestions.closest(to: name, among: subcommands.map(\.name))
        return "Unknown subcommand '\(name)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
    }
}
