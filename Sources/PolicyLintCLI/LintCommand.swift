import PolicyEngine

/// `policylint lint`: parse and check policy files, report findings, and set the exit code.
enum LintCommand {
    static let policyTypes = ["auto"] + PolicyType.allCases.map(\.rawValue)
    static let formats = ["text", "json", "sarif", "github"]
    static let failLevels = Severity.allCases.reversed().map(\.rawValue) + ["never", "none"]

    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check IAM policy files for errors and risky patterns.",
        discussion: """
            Each PATH is a file or a folder, read recursively for *.json files; '-' reads standard
            input. A file may be a policy, a CloudFormation template (JSON), a Terraform plan
            ('terraform show -json') or an account snapshot ('aws iam
            get-account-authorization-details'); each policy inside is linted as its type.
            Findings are printed as 'path:line:column: severity: message [rule-id]'.
            """,
        options: [
            OptionSpec(
                long: "policy-type", short: "t", valueName: "type",
                help: "The policy type: \(quotedList(policyTypes)). 'auto' infers it from each file.",
                allowedValues: policyTypes, defaultValue: "auto"),
            OptionSpec(
                long: "format", short: "f", valueName: "format", help: "The output format: \(quotedList(formats)).",
                allowedValues: formats, defaultValue: "text"),
            OptionSpec(
                long: "fail-on", short: nil, valueName: "level",
                help: "Exit with status 1 when a finding is at least this severe: \(quotedList(failLevels)) ('none' is 'never').",
                allowedValues: failLevels, defaultValue: "security-warning"),
            OptionSpec(
                long: "include", short: nil, valueName: "glob",
                help: "In folders, read the files that match (repeatable). A glob without '/' matches file names. (default: *.json)",
                isRepeatable: true),
            OptionSpec(
                long: "exclude", short: nil, valueName: "glob",
                help: "Skip the files and folders that match, in folders and on the command line (repeatable).",
                isRepeatable: true),
            OptionSpec(
                long: "parameter", short: "p", valueName: "name=value",
                help: "A CloudFormation parameter's value, or a pseudo parameter's such as AWS::AccountId (repeatable).",
                isRepeatable: true),
            OptionSpec(
                long: "jobs", short: "j", valueName: "n",
                help: "How many files to read and lint at once. (default: the cores this process may use)"),
            OptionSpec(
                long: "config", short: nil, valueName: "file",
                help: "The configuration file. By default ./policylint.json is used when it exists."),
            OptionSpec(
                long: "baseline", short: nil, valueName: "file",
                help: "Leave out the findings recorded in this baseline file."),
            OptionSpec(
                long: "write-baseline", short: nil, valueName: "file",
                help: "Record the findings of this run in a baseline file."),
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
        switch CommandPrologue.parse(arguments, spec: spec, commandPath: commandPath, output: output, errors: errors) {
        case .finished(let status): return status
        case .run(let arguments): parsed = arguments
        }

        let typeName = parsed.value("policy-type") ?? "auto"
        let policyType = PolicyType(rawValue: typeName)
        let failName = parsed.value("fail-on") ?? Severity.securityWarning.rawValue
        let failLevel = Severity(rawValue: failName)
        var hadInputError = false
        func inputError(_ message: String) {
            errors.write("policylint: error: \(message)\n")
            hadInputError = true
        }

        // Configuration: --config, or ./policylint.json when present.
        var reports: [FileReport] = []
        var configuration = LintConfiguration()
        var configurationSource: SourceText?
        var configurationFindings: [Finding] = []
        let configPath = parsed.value("config") ?? (FileSystem.kind(of: "policylint.json") == .file ? "policylint.json" : nil)
        if let configPath {
            switch FileSystem.readFile(configPath) {
            case .failure(let error): inputError(error.message)
            case .success(let bytes):
                let source = SourceText(name: configPath, bytes: bytes)
                let loaded = ConfigurationLoader.load(source)
                configuration = loaded.configuration
                configurationSource = source
                configurationFindings = loaded.findings
            }
        }
        var baseline = Baseline()
        if let baselinePath = parsed.value("baseline") {
            switch FileSystem.readFile(baselinePath) {
            case .failure(let error): inputError(error.message)
            case .success(let bytes):
                switch Baseline.parse(SourceText(name: baselinePath, bytes: bytes)) {
                case .failure(let error): inputError(error.description)
                case .success(let loaded): baseline = loaded
                }
            }
        }

        let linter = Linter(configuration: configuration)
        var usedIgnores = Set<Int>()
        var recorded = Set<Baseline.Key>()
        let writesBaseline = parsed.value("write-baseline") != nil
        var templateParameters: [String: String] = [:]
        for entry in parsed.allValues("parameter") {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                errors.write(HelpFormatter.errorText(UsageError(message: "The value '\(entry)' is invalid for '--parameter <name=value>'; expected NAME=VALUE"),
                    spec: spec, commandPath: commandPath))
                return .failure
            }
            templateParameters[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        let parameterValues = templateParameters
        let filter = InputFilter(include: parsed.allValues("include"), exclude: parsed.allValues("exclude"))
        let (inputs, inputErrors) = collectInputs(parsed.positionals, filter: filter, context: context)
        for error in inputErrors { inputError(error.message) }
        var jobs = ProcessorCount.available
        if let text = parsed.value("jobs") {
            guard let count = Int(text), count > 0 else {
                errors.write(HelpFormatter.errorText(UsageError(message: "The value '\(text)' is invalid for '--jobs <n>'; expected a positive whole number"),
                    spec: spec, commandPath: commandPath))
                return .failure
            }
            jobs = count
        }
        // Files are read and linted in parallel; results land in input order, so output is deterministic.
        let results = ParallelMap.map(inputs, jobs: jobs) { input -> LintedFile in
            LintedFile.lint(input, policyType: policyType, templateParameters: parameterValues, linter: linter)
        }
        for (input, result) in zip(inputs, results) {
            switch result {
            case .unreadable(let error):
                inputError(error.message)
                reports.append(FileReport(file: input.name, findings: [], policies: 0, readError: error))
            case .linted(let findings, let policies):
                var kept: [LocatedFinding] = []
                for entry in findings {
                    if let ignore = configuration.ignoreIndex(for: entry.located.finding, file: input.name, sid: entry.sid) {
                        usedIgnores.insert(ignore)
                        continue
                    }
                    // Keys are hashed only when a baseline is read or written: most runs do neither.
                    if writesBaseline || !baseline.keys.isEmpty {
                        let key = Baseline.Key(file: input.name, ruleId: entry.located.finding.ruleId, statement: entry.statement,
                            message: entry.located.finding.message)
                        if writesBaseline { recorded.insert(key) }
                        if baseline.contains(key) { continue }
                    }
                    kept.append(entry.located)
                }
                reports.append(FileReport(file: input.name, findings: kept, policies: policies))
            }
        }
        if let configurationSource {
            for (index, ignore) in configuration.ignores.enumerated() where !usedIgnores.contains(index) {
                configurationFindings.append(Finding(ruleId: "configuration", severity: .warning, category: .hygiene, issueCode: nil,
                    message: "this ignore entry matched no finding", help: "remove it, or check its rule, path and sid",
                    span: ignore.span))
            }
            if !configurationFindings.isEmpty {
                let located = configurationFindings.sorted { $0.span < $1.span }.map { LocatedFinding($0, in: configurationSource) }
                reports.insert(FileReport(file: configurationSource.name, findings: located, policies: nil), at: 0)
            }
        }
        if let path = parsed.value("write-baseline") {
            let text = Baseline(keys: recorded).serialized()
            if !FileSystem.writeFile(path, contents: Array(text.utf8)) { inputError("cannot write the baseline to '\(path)'") }
        }

        switch parsed.value("format") ?? "text" {
        case "json":
            output.write(JSONReporter.report(reports))
        case "sarif":
            output.write(SARIFReporter.report(reports, version: PolicyLintCommand.version))
        case "github":
            output.write(GitHubReporter.report(reports))
        default:
            let color = ColorChoice.useColor(option: parsed.value("color"), context: context)
            output.write(TextReporter.report(reports, color: color))
        }

        if hadInputError { return .failure }
        guard let failLevel else { return .success }  // --fail-on never
        let failing = reports.contains { $0.findings.contains { $0.finding.severity >= failLevel } }
        return failing ? .findings : .success
    }

    /// A file to lint, read by the worker that lints it (so reading is parallel too and at
    /// most a few files are in memory at once); standard input is read up front.
    struct Input: Sendable {
        var name: String
        var stdin: [UInt8]?

        var bytes: Result<[UInt8], FileReadError> {
            if let stdin { return .success(stdin) }
            return FileSystem.readFile(name)
        }
    }

    /// What a worker hands back: located findings with the statement each is in, so the
    /// document itself can be freed as soon as it is linted.
    enum LintedFile: Sendable {
        struct Entry: Sendable {
            var located: LocatedFinding
            var sid: String?
            var statement: String
        }

        case unreadable(FileReadError)
        case linted([Entry], policies: Int)

        /// Reads the file, opens it up into its policies (a template or plan holds several)
        /// and lints each; findings about the file itself come first.
        static func lint(_ input: Input, policyType: PolicyType?, templateParameters: [String: String], linter: Linter) -> LintedFile {
            switch input.bytes {
            case .failure(let error): return .unreadable(error)
            case .success(let bytes):
                let file = PolicyFile(source: SourceText(name: input.name, bytes: bytes), policyType: policyType,
                    templateParameters: templateParameters)
                var entries = file.findings.map { finding in
                    Entry(located: LocatedFinding(finding, in: file.source), sid: nil, statement: "file")
                }
                for entry in file.entries {
                    let document = entry.document
                    for finding in linter.lint(document) {
                        let statement = Baseline.statementName(of: finding, in: document.policy)
                        entries.append(Entry(
                            located: LocatedFinding(finding, in: document.source, origin: entry.origin),
                            sid: Baseline.sid(of: finding, in: document.policy),
                            statement: entry.origin.map { "\($0) \(statement)" } ?? statement))
                    }
                }
                // File findings first, then by position in the file.
                let ordered = entries.enumerated().sorted { lhs, rhs in
                    let (left, right) = (lhs.element.located, rhs.element.located)
                    if (left.start.line, left.start.column) != (right.start.line, right.start.column) {
                        return (left.start.line, left.start.column) < (right.start.line, right.start.column)
                    }
                    return lhs.offset < rhs.offset
                }.map(\.element)
                return .linted(file.entries.count > 1 || file.shape != .policy ? ordered : entries, policies: file.entries.count)
            }
        }
    }

    /// Which files in folders are read: `--include` globs (default `*.json`) less `--exclude`
    /// globs. A glob with a `/` matches the path below the folder given; one without matches
    /// any file or folder name, as in .gitignore.
    struct InputFilter {
        var include: [PathGlob]
        var exclude: [PathGlob]

        init(include: [String], exclude: [String]) {
            self.include = (include.isEmpty ? ["*.json"] : include).map(PathGlob.init)
            self.exclude = exclude.map(PathGlob.init)
        }

        static func matches(_ globs: [PathGlob], _ relativePath: String) -> Bool {
            globs.contains { $0.hasSeparator ? $0.matches(relativePath) : $0.matchesName(in: relativePath) }
        }

        func accepts(_ relativePath: String, isDirectory: Bool) -> Bool {
            if Self.matches(exclude, relativePath) { return false }
            return isDirectory || Self.matches(include, relativePath)
        }
    }

    /// Expands folders to the policy files inside them, in a stable order.
    static func collectInputs(_ paths: [String], filter: InputFilter, context: CommandContext) -> ([Input], [FileReadError]) {
        var inputs: [Input] = []
        var errors: [FileReadError] = []
        for path in paths {
            if path == "-" {
                inputs.append(Input(name: "<stdin>", stdin: context.readStandardInput()))
                continue
            }
            switch FileSystem.kind(of: path) {
            case .directory:
                let found = FileSystem.files(under: path) { filter.accepts($0, isDirectory: $1) }
                errors += found.errors
                if found.files.isEmpty, found.errors.isEmpty {
                    let globs = filter.include.map(\.text).joined(separator: ", ")
                    errors.append(FileReadError(path: path, reason: "no files matching \(globs) in this folder"))
                }
                inputs += found.files.map { Input(name: $0, stdin: nil) }
            case .file:
                if InputFilter.matches(filter.exclude, path) { continue }
                inputs.append(Input(name: path, stdin: nil))
            case .missing(let reason):
                errors.append(FileReadError(path: path, reason: reason))
            }
        }
        return (inputs, errors)
    }
}
