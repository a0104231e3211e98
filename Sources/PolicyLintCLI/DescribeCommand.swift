import PolicyEngine

/// `policylint describe`: what the catalog knows about one action.
enum DescribeCommand {
    static let spec = CommandSpec(
        name: "describe",
        abstract: "Show an action's access level, resources and keys.",
        discussion: """
            ACTION is one IAM action such as 's3:GetObject'; case is ignored. A resource type marked '*'
            is required. Exits with status 1, and a suggestion, when there is no such action.
            """,
        options: [
            OptionSpec(
                long: "format", short: "f", valueName: "format", help: "The output format: 'text' or 'json'.",
                allowedValues: ExpandCommand.formats, defaultValue: "text")
        ],
        arguments: [
            ArgumentSpec(name: "action", help: "The action, such as 's3:GetObject'.", isRepeatable: false, isRequired: true)
        ])

    static let commandPath = "policylint describe"

    static func run(
        _ arguments: [String], catalog: ServiceCatalog = .shared, output: any CommandOutput, errors: any CommandOutput
    ) -> ExitStatus {
        let parsed: ParsedArguments
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }
        let name = parsed.positionals[0]
        if ActionPattern(name)?.hasWildcards == true {
            errors.write("policylint: error: `\(name)` is a pattern; describe takes one action\n")
            errors.write("  help: `policylint expand '\(name)'` lists the actions it matches\n")
            return .failure
        }
        let json = parsed.value("format") == "json"
        switch catalog.resolve(name) {
        case .known(let actions) where !actions.isEmpty, .deprecated(let actions) where !actions.isEmpty:
            output.write(json ? self.json(actions[0]) : text(actions[0]))
            return .success
        case .deprecated:
            // A retired service the catalog keeps by name only.
            let prefix = String(name[..<name.firstIndex(of: ":")!]).lowercased()
            let service = catalog.service(prefix)
            output.write(json ? retiredServiceJSON(name, service: service) : retiredServiceText(name, service: service))
            return .success
        case let resolution:
            let problem = CatalogProblem(name, resolution, catalog: catalog)
            errors.write(problem.text)
            return problem.isUsageError ? .failure : .notFound
        }
    }

    static func text(_ action: Action) -> String {
        var text = "\(action.fullName) (\(action.service.name))\n"
        if action.service.isDeprecated {
            text += "deprecated: AWS has retired the service `\(action.servicePrefix)`\n"
        } else if action.isDeprecated {
            text += "deprecated: AWS has retired this action\n"
        }
        text += "access level: \(ExpandCommand.accessText(action))\n"

        if action.resourceTypes.isEmpty {
            text += "resource types: none; the action takes only \"Resource\": \"*\"\n"
        } else {
            text += "resource types (* = required):\n"
            let labels = action.resourceTypes.map { $0.name + ($0.isRequired ? "*" : "") }
            let width = labels.map(\.count).max() ?? 0
            for (label, resource) in zip(labels, action.resourceTypes) {
                let formats = resource.arnFormats.isEmpty ? ["(no ARN format)"] : resource.arnFormats
                for (position, format) in formats.enumerated() {
                    let shown = position == 0 ? label : ""
                    text += "  " + shown + String(repeating: " ", count: width - shown.count + 2) + format + "\n"
                }
            }
        }

        let keys = action.conditionKeys
        if keys.isEmpty {
            text += "condition keys: none besides the global ones\n"
        } else {
            text += "condition keys:\n"
            let width = keys.map(\.name.count).max() ?? 0
            for key in keys {
                let type = key.type?.rawValue ?? "(no type given)"
                text += "  " + key.name + String(repeating: " ", count: width - key.name.count + 2) + type + "\n"
            }
        }

        let dependents = action.dependentActions
        text += "dependent actions: " + (dependents.isEmpty ? "none" : dependents.joined(separator: ", ")) + "\n"
        return text
    }

    static func json(_ action: Action) -> String {
        var writer = JSONWriter()
        writer.object { fields in
            fields.member("action") { $0.string(action.fullName) }
            fields.member("service") { $0.string(action.servicePrefix) }
            fields.member("accessLevel") { $0.optionalString(action.accessLevel?.rawValue) }
            fields.member("accessLevels") { $0.array(action.accessLevels) { $0.string($1.rawValue) } }
            fields.member("deprecated") { $0.bool(action.isDeprecated) }
            fields.member("resourceLevelPermissions") { $0.bool(action.supportsResourceLevelPermissions) }
            fields.member("resourceTypes") { writer in
                writer.array(action.resourceTypes) { writer, resource in
                    writer.object { fields in
                        fields.member("name") { $0.string(resource.name) }
                        fields.member("required") { $0.bool(resource.isRequired) }
                        fields.member("arnFormats") { $0.array(resource.arnFormats) { $0.string($1) } }
                        fields.member("conditionKeys") { keysJSON(&$0, resource.conditionKeys) }
                    }
                }
            }
            fields.member("conditionKeys") { keysJSON(&$0, action.conditionKeys) }
            fields.member("dependentActions") { $0.array(action.dependentActions) { $0.string($1) } }
        }
        return writer.output + "\n"
    }

    private static func keysJSON(_ writer: inout JSONWriter, _ keys: [ConditionKey]) {
        writer.array(keys) { writer, key in
            writer.object { fields in
                fields.member("key") { $0.string(key.name) }
                fields.member("type") { $0.optionalString(key.type?.rawValue) }
            }
        }
    }

    static func retiredServiceText(_ name: String, service: Service?) -> String {
        let title = service.map { " (\($0.name))" } ?? ""
        return "\(name)\(title)\ndeprecated: AWS has retired the service `\(service?.prefix ?? name)`; "
            + "the catalog keeps no details of its actions\n"
    }

    static func retiredServiceJSON(_ name: String, service: Service?) -> String {
        var writer = JSONWriter()
        writer.object { fields in
            fields.member("action") { $0.string(name) }
            fields.member("service") { $0.optionalString(service?.prefix) }
            fields.member("accessLevel") { $0.raw("null") }
            fields.member("accessLevels") { $0.raw("[]") }
            fields.member("deprecated") { $0.bool(true) }
            fields.member("resourceLevelPermissions") { $0.raw("null") }
            fields.member("resourceTypes") { $0.raw("[]") }
            fields.member("conditionKeys") { $0.raw("[]") }
            fields.member("dependentActions") { $0.raw("[]") }
        }
        return writer.output + "\n"
    }
}
