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
        ("who-can", WhoCanCommand.spec.abstract),
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
        case "who-can":
            return WhoCanCommand.run(rest, context: context, output: output, errors: errors)
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
        if let spec = helpSpecs[topic] {
            output.write(HelpFormatter.help(spec, commandPath: "\(name) \(topic)"))
            return .success
        }
        switch topic {
        case "help":
            output.write(HelpFormatter.help(spec, commandPath: name))
            return .success
        default:
            let error = UsageError(message: unknownSubcommandMessage(topic))
            errors.write(HelpFormatter.errorText(error, spec: spec, commandPath: name))
            return .failure
        }
    }

    /// Each subcommand's spec, for `policylint help <subcommand>`.
    static let helpSpecs: [String: CommandSpec] = [
        "lint": LintCommand.spec, "expand": ExpandCommand.spec, "describe": DescribeCommand.spec,
        "simulate": SimulateCommand.spec, "rules": RulesCommand.spec, "diff": DiffCommand.spec,
        "check-access-not-granted": CheckAccessNotGrantedCommand.spec, "check-no-public-access": CheckNoPublicAccessCommand.spec,
        "who-can": WhoCanCommand.spec,
    ]

    static func unknownSubcommandMessage(_ name: String) -> String {
        let suggestion = Suggestions.closest(to: name, among: subcommands.map(\.name))
        return "Unknown subcommand '\(name)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
    }
}
