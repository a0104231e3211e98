import PolicyEngine

/// A usage mistake, reported as swift-argument-parser reports it: `Error: …`, the usage
/// line, and where to find help.
struct UsageError: Error, Equatable {
    var message: String
}

/// One `--option`: its long name, an optional short name, and whether it takes a value.
struct OptionSpec {
    var long: String
    var short: Character?
    /// nil for a flag such as `--help`.
    var valueName: String?
    var help: String
    var allowedValues: [String] = []
    var defaultValue: String?
    var isRepeatable = false

    var displayName: String { valueName.map { "--\(long) <\($0)>" } ?? "--\(long)" }

    var helpLabel: String {
        let names = (short.map { "-\($0), " } ?? "") + "--\(long)"
        return valueName.map { "\(names) <\($0)>" } ?? names
    }
}

/// A positional argument such as `<paths> ...`.
struct ArgumentSpec {
    var name: String
    var help: String
    var isRepeatable: Bool
    var isRequired: Bool
}

struct CommandSpec {
    var name: String
    var abstract: String
    var discussion: String?
    var options: [OptionSpec]
    var arguments: [ArgumentSpec]
    var subcommands: [(name: String, abstract: String)] = []

    static let helpOption = OptionSpec(long: "help", short: "h", valueName: nil, help: "Show help information.")
}

struct ParsedArguments: Equatable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ long: String) -> String? { values[long]?.last }
    func allValues(_ long: String) -> [String] { values[long] ?? [] }
}

/// Parses `--long value`, `--long=value`, `-s value`, `--` and repeated options by a spec.
/// A repeated single-valued option keeps its last value, as swift-argument-parser does.
enum ArgumentParser {
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        let options = spec.options + [CommandSpec.helpOption]
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            let (name, attachedValue) = split(argument)
            guard let option = find(name, in: options) else {
                throw UsageError(message: unknownOptionMessage(name, options: options))
            }
            guard let valueName = option.valueName else {
                if attachedValue != nil {
                    throw UsageError(message: "The option '--\(option.long)' does not take a value")
                }
                parsed.flags.insert(option.long)
                continue
            }
            let value: String
            if let attachedValue {
                value = attachedValue
            } else if index < arguments.count, !isOptionLike(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError(message: "Missing value for '--\(option.long) <\(valueName)>'")
            }
            if !option.allowedValues.isEmpty, !option.allowedValues.contains(value) {
                throw UsageError(message: invalidValueMessage(value, option: option))
            }
            if option.isRepeatable {
                parsed.values[option.long, default: []].append(value)
            } else {
                parsed.values[option.long] = [value]
            }
        }
        return parsed
    }

    /// Checks positionals after `--help` had its chance to win.
    static func validatePositionals(_ parsed: ParsedArguments, spec: CommandSpec) throws(UsageError) {
        if let required = spec.arguments.first(where: \.isRequired), parsed.positionals.isEmpty {
            throw UsageError(message: "Missing expected argument '<\(required.name)>\(required.isRepeatable ? " ..." : "")'")
        }
        if !spec.arguments.contains(where: \.isRepeatable), parsed.positionals.count > spec.arguments.count {
            throw UsageError(message: "Unexpected argument '\(parsed.positionals[spec.arguments.count])'")
        }
    }

    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func find(_ name: String, in options: [OptionSpec]) -> OptionSpec? {
        if name.hasPrefix("--") { return options.first { "--\($0.long)" == name } }
        guard name.count == 2, let short = name.last else { return nil }
        return options.first { $0.short == short }
    }

    /// A negative number or `-` is a value; anything else starting with `-` is an option.
    private static func isOptionLike(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument != "-" && Double(argument) == nil
    }

    private static func unknownOptionMessage(_ name: String, options: [OptionSpec]) -> String {
        // Suggest only long names: every one-letter option is one edit from every other.
        guard name.count > 2 else { return "Unknown option '\(name)'" }
        let candidates = options.map { "--\($0.long)" }
        let long = name.hasPrefix("--") ? name : "-" + name  // `-format` was meant as `--format`
        if let suggestion = Suggestions.closest(to: long, among: candidates) {
            return "Unknown option '\(name)'. Did you mean '\(suggestion)'?"
        }
        return "Unknown option '\(name)'"
    }

    private static func invalidValueMessage(_ value: String, option: OptionSpec) -> String {
        var message = "The value '\(value)' is invalid for '\(option.displayName)'."
        if let suggestion = Suggestions.closest(to: value, among: option.allowedValues) {
            message += " Did you mean '\(suggestion)'?"
        } else {
            message += " Please provide one of \(quotedList(option.allowedValues))."
        }
        return message
    }
}

/// `'a', 'b' or 'c'`.
func quotedList(_ values: [String]) -> String {
    let quoted = values.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
}
