import PolicyEngine

/// `policylint rules [ID]`: every rule, or one with its rationale and examples.
enum RulesCommand {
    static let commandPath = "policylint rules"

    static let spec = CommandSpec(
        name: "rules",
        abstract: "List the lint rules, or describe one.",
        options: [
            OptionSpec(long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'markdown' (docs/rules.md).",
                allowedValues: ["text", "markdown"], defaultValue: "text")
        ],
        arguments: [ArgumentSpec(name: "id", help: "A rule id, such as full-admin.", isRepeatable: false, isRequired: false)])

    static func run(_ arguments: [String], output: any CommandOutput, errors: any CommandOutput) -> ExitStatus {
        let parsed: ParsedArguments
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }
        if parsed.value("format") == "markdown" {
            output.write(RuleDocumentation.markdown())
            return .success
        }
        guard let id = parsed.positionals.first else {
            output.write(RuleDocumentation.list())
            return .success
        }
        guard let text = RuleDocumentation.describe(id) else {
            let suggestion = Suggestions.closest(to: id, among: BuiltInRules.allIds)
            errors.write("policylint: error: unknown rule `\(id)`\n" + (suggestion.map { "  help: did you mean `\($0)`?\n" } ?? ""))
            return .findings
        }
        output.write(text)
        return .success
    }
}
