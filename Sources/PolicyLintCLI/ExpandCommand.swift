import PolicyEngine

/// `policylint expand`: list the actions that IAM action patterns match, with access levels.
enum ExpandCommand {
    static let formats = ["text", "json"]

    static let spec = CommandSpec(
        name: "expand",
        abstract: "Expand action patterns to actions and access levels.",
        discussion: """
            Each PATTERN is an IAM action or a wildcard pattern such as 's3:Get*', '*:Describe*' or
            'ec2:*Instances': case is ignored, '*' matches any run of characters and '?' exactly one.
            Exits with status 1 when a pattern matches no current action.
            """,
        options: [
            OptionSpec(
                long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'json'.",
                allowedValues: formats, defaultValue: "text"),
            OptionSpec(
                long: "include-deprecated", short: nil, valueName: nil,
                help: "Also list actions AWS has retired, marked as deprecated."),
        ],
        arguments: [
            ArgumentSpec(
                name: "patterns", help: "Action patterns, such as 's3:Get*'; quote them in the shell.",
                isRepeatable: true, isRequired: true)
        ])

    static let commandPath = "policylint expand"

    static func run(
        _ arguments: [String], catalog: ServiceCatalog = .shared, output: any CommandOutput, errors: any CommandOutput
    ) -> ExitStatus {
        let parsed: ParsedArguments
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }
        let includeDeprecated = parsed.flags.contains("include-deprecated")

        var status = ExitStatus.success
        var seen = Set<Action>()
        var actions: [Action] = []
        for pattern in parsed.positionals {
            let resolution = catalog.resolve(pattern)
            var matched: [Action] = []
            switch resolution {
            case .known(let current):
                matched = includeDeprecated ? catalog.expand(pattern, includeDeprecated: true) : current
            case .deprecated(let retired) where includeDeprecated && !retired.isEmpty:
                matched = retired
            default:
                let problem = CatalogProblem(pattern, resolution, catalog: catalog)
                errors.write(problem.text)
                status = problem.isUsageError ? .failure : (status == .failure ? .failure : .notFound)
            }
            for action in matched where seen.insert(action).inserted { actions.append(action) }
        }
        actions.sort { ($0.servicePrefix, $0.name.lowercased()) < ($1.servicePrefix, $1.name.lowercased()) }

        switch parsed.value("format") ?? "text" {
        case "json": output.write(json(actions, markDeprecated: includeDeprecated))
        default: output.write(text(actions))
        }
        return status
    }

    /// One action a line, its access levels in a column: `s3:GetObject  Read`.
    static func text(_ actions: [Action]) -> String {
        let width = actions.map(\.fullName.count).max() ?? 0
        var text = ""
        for action in actions {
            text += action.fullName + String(repeating: " ", count: width - action.fullName.count + 2)
            text += accessText(action)
            if action.isDeprecated { text += "  (deprecated)" }
            text += "\n"
        }
        return text
    }

    /// `{"actions": [{"action": "s3:GetObject", "accessLevel": "Read"}, ...]}`, the primary
    /// access level only; `deprecated` is added to retired actions when they were asked for.
    static func json(_ actions: [Action], markDeprecated: Bool) -> String {
        var writer = JSONWriter()
        writer.object { members in
            members.member("actions") { writer in
                writer.array(actions) { writer, action in
                    writer.object { fields in
                        fields.member("action") { $0.string(action.fullName) }
                        fields.member("accessLevel") { $0.optionalString(action.accessLevel?.rawValue) }
                        if markDeprecated, action.isDeprecated { fields.member("deprecated") { $0.bool(true) } }
                    }
                }
            }
        }
        return writer.output + "\n"
    }

    /// `Read`, or `Tagging, Write` for an action the reference gives two levels.
    static func accessText(_ action: Action) -> String {
        action.accessLevels.isEmpty ? "unknown" : action.accessLevels.map(\.rawValue).joined(separator: ", ")
    }
}

extension ExitStatus {
    /// `expand` and `describe` use 1, as `lint` does for findings, when the catalog answers "no
    /// such action": the question was well formed and the answer is negative, as `grep` exits 1
    /// for no match. Usage errors stay 2.
    static let notFound = ExitStatus.findings
}

/// Why an action or pattern gave nothing, as `policylint: error: ...` with a `help:` line.
struct CatalogProblem {
    var message: String
    var help: String?
    /// Text that is not an action at all is a usage error (exit 2), not a "not found" (exit 1).
    var isUsageError = false

    init(_ text: String, _ resolution: ActionResolution, catalog: ServiceCatalog) {
        let pattern = ActionPattern(text)
        let isPattern = pattern?.hasWildcards ?? false
        switch resolution {
        case .invalid:
            message = "`\(text)` is not an action; write it as `service:action`, such as `s3:GetObject`"
            isUsageError = true
        case .unknownService(let suggestion):
            let prefix = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
            message = isPattern && prefix.contains(where: { $0 == "*" || $0 == "?" })
                ? "`\(text)` matches no service" : "unknown service `\(prefix)` in `\(text)`"
            help = suggestion.map { "did you mean `\($0)`?" }
        case .unknownAction(let suggestion):
            message = isPattern ? "`\(text)` matches no action" : "unknown action `\(text)`"
            help = suggestion.map { "did you mean `\($0)`?" }
        case .deprecated(let retired):
            if retired.isEmpty {
                let prefix = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
                let name = catalog.service(prefix).map { " (\($0.name))" } ?? ""
                message = "`\(text)`: AWS has retired the service `\(prefix.lowercased())`\(name)"
                help = "the catalog keeps no details of its actions"
            } else {
                message = isPattern ? "`\(text)` matches only retired actions" : "AWS has retired `\(text)`"
                help = "`--include-deprecated` lists them"
            }
        case .known:
            message = "`\(text)` is known"
        }
    }

    var text: String {
        "policylint: error: \(message)\n" + (help.map { "  help: \($0)\n" } ?? "")
    }
}
