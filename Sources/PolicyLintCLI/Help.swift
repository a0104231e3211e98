/// Help text in swift-argument-parser's layout: OVERVIEW, USAGE, ARGUMENTS, OPTIONS and
/// SUBCOMMANDS, with labels in a 24-column field after a two-space indent.
enum HelpFormatter {
    static let labelWidth = 24

    static func usage(_ spec: CommandSpec, commandPath: String) -> String {
        if !spec.subcommands.isEmpty { return "\(commandPath) <subcommand>" }
        var parts = [commandPath]
        for option in spec.options {
            parts.append(option.valueName.map { "[--\(option.long) <\($0)>]" } ?? "[--\(option.long)]")
        }
        for argument in spec.arguments {
            let name = "<\(argument.name)>\(argument.isRepeatable ? " ..." : "")"
            parts.append(argument.isRequired ? name : "[\(name)]")
        }
        return parts.joined(separator: " ")
    }

    static func help(_ spec: CommandSpec, commandPath: String) -> String {
        var text = "OVERVIEW: \(spec.abstract)\n"
        if let discussion = spec.discussion {
            text += "\n" + wrap(discussion.split(separator: "\n").joined(separator: " "), width: lineWidth).joined(separator: "\n") + "\n"
        }
        text += "\nUSAGE: \(usage(spec, commandPath: commandPath))\n"
        if !spec.arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in spec.arguments {
                text += row(label: "<\(argument.name)>", help: argument.help)
            }
        }
        text += "\nOPTIONS:\n"
        for option in spec.options + [CommandSpec.helpOption] {
            var help = option.help
            if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
            text += row(label: option.helpLabel, help: help)
        }
        if !spec.subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n"
            for subcommand in spec.subcommands { text += row(label: subcommand.name, help: subcommand.abstract) }
            text += "\n  See '\(commandPath) help <subcommand>' for detailed help.\n"
        }
        return text
    }

    static let lineWidth = 80

    private static func row(label: String, help: String) -> String {
        let indent = String(repeating: " ", count: labelWidth + 2)
        let lines = wrap(help, width: lineWidth - indent.count)
        var text: String
        var rest = lines[...]
        if label.count > labelWidth - 2 {
            text = "  \(label)\n"
        } else {
            text = "  \(label)\(String(repeating: " ", count: labelWidth - label.count))\(lines[0])\n"
            rest = lines.dropFirst()
        }
        for line in rest { text += indent + line + "\n" }
        return text
    }

    /// Greedy word wrap; a word longer than the width gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }

    static func errorText(_ error: UsageError, spec: CommandSpec, commandPath: String) -> String {
        """
        Error: \(error.message)
        Usage: \(usage(spec, commandPath: commandPath))
          See '\(commandPath) --help' for more information.

        """
    }
}

/// What every subcommand does first: parse its arguments, answer `--help`, and report a usage
/// mistake the way swift-argument-parser does.
enum CommandPrologue {
    enum Outcome {
        case run(ParsedArguments)
        case finished(ExitStatus)
    }

    static func parse(
        _ arguments: [String], spec: CommandSpec, commandPath: String, output: any CommandOutput, errors: any CommandOutput
    ) -> Outcome {
        do throws(UsageError) {
            let parsed = try ArgumentParser.parse(arguments, spec: spec)
            if parsed.flags.contains("help") {
                output.write(HelpFormatter.help(spec, commandPath: commandPath))
                return .finished(.success)
            }
            try ArgumentParser.validatePositionals(parsed, spec: spec)
            return .run(parsed)
        } catch {
            errors.write(HelpFormatter.errorText(error, spec: spec, commandPath: commandPath))
            return .finished(.failure)
        }
    }
}
