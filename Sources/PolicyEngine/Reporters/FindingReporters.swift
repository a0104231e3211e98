/// The findings of one input file, ready for reporting.
public struct FileReport: Sendable {
    public var file: String
    public var findings: [LocatedFinding]
    /// How many policies the file held (a template or plan holds several); nil for a file
    /// that is not a policy input (the configuration file).
    public var policies: Int?
    /// Set when the file could not be read; it is still counted.
    public var readError: FileReadError?

    public init(file: String, findings: [LocatedFinding], policies: Int? = 1, readError: FileReadError? = nil) {
        self.file = file
        self.findings = findings
        self.policies = policies
        self.readError = readError
    }
}

/// Counts for the closing summary line and the JSON `summary` object.
public struct ReportSummary: Sendable, Equatable {
    public var files: Int
    public var findings: Int
    public var bySeverity: [Severity: Int]
    public var policies: Int
    public var unreadable: Int
    /// Whether some file held other than one policy (so the policy count is worth saying).
    public var holdsSeveral: Bool

    public init(_ reports: [FileReport]) {
        files = reports.count
        policies = reports.reduce(0) { $0 + ($1.readError == nil ? $1.policies ?? 0 : 0) }
        holdsSeveral = reports.contains { $0.readError == nil && $0.policies != nil && $0.policies != 1 }
        unreadable = reports.filter { $0.readError != nil }.count
        findings = reports.reduce(0) { $0 + $1.findings.count }
        var counts: [Severity: Int] = [:]
        for report in reports {
            for finding in report.findings { counts[finding.finding.severity, default: 0] += 1 }
        }
        bySeverity = counts
    }

    /// `2 findings (1 error, 1 warning) in 3 files`.
    public var sentence: String {
        let parts = Severity.allCases.reversed().compactMap { severity -> String? in
            guard let count = bySeverity[severity], count > 0 else { return nil }
            return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }
        let counted = findings == 1 ? "1 finding" : "\(findings) findings"
        let detail = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        var sentence = "\(counted)\(detail) in \(files) file\(files == 1 ? "" : "s")"
        // Said only when a file is not simply one policy, so the common case stays short.
        var notes: [String] = []
        if holdsSeveral { notes.append("\(policies) polic\(policies == 1 ? "y" : "ies")") }
        if unreadable > 0 { notes.append("\(unreadable) unreadable") }
        if !notes.isEmpty { sentence += " (\(notes.joined(separator: ", ")))" }
        return sentence
    }
}

/// `path:line:column: severity: message [rule-id]`, one line a finding, then a summary line.
/// Pure: the caller decides whether colour is wanted.
public enum TextReporter {
    public static func report(_ reports: [FileReport], color: Bool = false) -> String {
        // Bytes appended to one buffer: a run over a large repository prints thousands of
        // lines after the parallel part is done, so this is time every run waits for.
        var output: [UInt8] = []
        output.reserveCapacity(reports.reduce(0) { $0 + $1.findings.count } * 160 + 80)
        let severities = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, Array((color ? colored($0) : $0.rawValue).utf8)) })
        for report in reports {
            for located in report.findings {
                let finding = located.finding
                append(located.file, to: &output)
                output.append(UInt8(ascii: ":"))
                append(located.start.line, to: &output)
                output.append(UInt8(ascii: ":"))
                append(located.start.column, to: &output)
                output += ": ".utf8
                output += severities[finding.severity]!
                output += ": ".utf8
                if let origin = located.origin {
                    append(origin, to: &output)
                    output += ": ".utf8
                }
                append(finding.message, to: &output)
                output += " [".utf8
                append(finding.ruleId, to: &output)
                output += "]\n".utf8
                if let help = finding.help {
                    output += "  help: ".utf8
                    append(help, to: &output)
                    output.append(UInt8(ascii: "\n"))
                }
            }
        }
        output += (ReportSummary(reports).sentence + "\n").utf8
        return String(decoding: output, as: UTF8.self)
    }

    /// A string's bytes, copied as one block rather than one by one.
    private static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// A line or column in decimal.
    private static func append(_ number: Int, to output: inout [UInt8]) {
        if number < 0 {
            output.append(UInt8(ascii: "-"))
            return append(-number, to: &output)
        }
        if number >= 10 { append(number / 10, to: &output) }
        output.append(UInt8(ascii: "0") + UInt8(number % 10))
    }

    static func colored(_ severity: Severity) -> String {
        let code: String
        switch severity {
        case .error: code = "31"
        case .securityWarning: code = "35"
        case .warning: code = "33"
        case .suggestion: code = "36"
        }
        return "\u{1B}[1;\(code)m\(severity.rawValue)\u{1B}[0m"
    }
}

/// `{"findings": [...], "summary": {...}}`, one finding object per finding.
public enum JSONReporter {
    public static func report(_ reports: [FileReport]) -> String {
        var writer = JSONWriter()
        writer.object { root in
            root.member("findings") { writer in
                writer.array(reports.flatMap(\.findings)) { writer, located in write(located, to: &writer) }
            }
            root.member("summary") { writer in
                let summary = ReportSummary(reports)
                writer.object { object in
                    object.member("files") { $0.number(summary.files) }
                    object.member("findings") { $0.number(summary.findings) }
                    object.member("policies") { $0.number(summary.policies) }
                    object.member("unreadable") { $0.number(summary.unreadable) }
                    for severity in Severity.allCases.reversed() {
                        object.member(severity.rawValue) { $0.number(summary.bySeverity[severity] ?? 0) }
                    }
                }
            }
        }
        return writer.output + "\n"
    }

    static func write(_ located: LocatedFinding, to writer: inout JSONWriter) {
        let finding = located.finding
        writer.object { object in
            object.member("ruleId") { $0.string(finding.ruleId) }
            object.member("severity") { $0.string(finding.severity.rawValue) }
            object.member("category") { $0.string(finding.category.rawValue) }
            object.member("message") { $0.string(finding.message) }
            object.member("help") { $0.optionalString(finding.help) }
            object.member("issueCode") { $0.optionalString(finding.issueCode) }
            object.member("file") { $0.string(located.file) }
            if let origin = located.origin { object.member("origin") { $0.string(origin) } }
            object.member("line") { $0.number(located.start.line) }
            object.member("column") { $0.number(located.start.column) }
            object.member("endLine") { $0.number(located.end.line) }
            object.member("endColumn") { $0.number(located.end.column) }
            object.member("path") { writer in
                writer.array(finding.path) { writer, component in
                    switch component {
                    case .key(let key): writer.string(key)
                    case .index(let index): writer.number(index)
                    }
                }
            }
        }
    }
}
