/// SARIF 2.1.0 for GitHub code scanning and other consumers: the rules with help text, one
/// result per finding with its region (columns in Unicode code points) and a fingerprint
/// that survives edits elsewhere in the file.
public enum SARIFReporter {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let informationURI = "https://github.com/policylint/policylint"

    public struct RuleInfo: Sendable {
        public var id: String
        public var summary: String
        public var rationale: String
        public var severity: Severity
        public var category: FindingCategory
        public var issueCode: String?

        public init(id: String, summary: String, rationale: String, severity: Severity, category: FindingCategory, issueCode: String?) {
            self.id = id
            self.summary = summary
            self.rationale = rationale
            self.severity = severity
            self.category = category
            self.issueCode = issueCode
        }
    }

    /// Every rule policylint knows, grammar checks included.
    public static var knownRules: [RuleInfo] {
        BuiltInRules.descriptions.map {
            RuleInfo(id: $0.id, summary: $0.summary, rationale: $0.rationale, severity: $0.severity, category: $0.category, issueCode: $0.issueCode)
        } + GrammarCheck.allCases.map {
            RuleInfo(id: $0.id, summary: $0.summary, rationale: $0.summary + ".", severity: $0.severity, category: $0.category, issueCode: $0.issueCode)
        } + [RuleInfo(id: "configuration", summary: "The configuration file must be valid", rationale: "policylint.json could not be used as written.",
            severity: .warning, category: .hygiene, issueCode: nil)]
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .securityWarning, .warning: return "warning"
        case .suggestion: return "note"
        }
    }

    public static func report(_ reports: [FileReport], version: String, rules: [RuleInfo] = knownRules,
        fingerprints: [String: String] = [:]) -> String
    {
        let used = Set(reports.flatMap { $0.findings.map(\.finding.ruleId) })
        let listed = rules.filter { used.contains($0.id) }
        let index = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1.id, $0) })
        var writer = JSONWriter()
        writer.object { root in
            root.member("$schema") { $0.string(schema) }
            root.member("version") { $0.string("2.1.0") }
            root.member("runs") { writer in
                writer.array([0]) { writer, _ in
                    writer.object { run in
                        run.member("tool") { writer in
                            writer.object { tool in
                                tool.member("driver") { writer in
                                    writer.object { driver in
                                        driver.member("name") { $0.string("policylint") }
                                        driver.member("version") { $0.string(version) }
                                        driver.member("informationUri") { $0.string(informationURI) }
                                        driver.member("rules") { writer in writer.array(listed) { writeRule($1, to: &$0) } }
                                    }
                                }
                            }
                        }
                        run.member("columnKind") { $0.string("unicodeCodePoints") }
                        run.member("results") { writer in
                            writer.array(reports.flatMap(\.findings)) { writer, located in
                                writeResult(located, ruleIndex: index[located.finding.ruleId], to: &writer)
                            }
                        }
                    }
                }
            }
        }
        return writer.output + "\n"
    }

    static func writeRule(_ rule: RuleInfo, to writer: inout JSONWriter) {
        writer.object { object in
            object.member("id") { $0.string(rule.id) }
            object.member("name") { $0.string(rule.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()) }
            object.member("shortDescription") { writer in writer.object { $0.member("text") { $0.string(rule.summary) } } }
            object.member("fullDescription") { writer in writer.object { $0.member("text") { $0.string(rule.rationale) } } }
            object.member("help") { writer in
                writer.object { help in
                    help.member("text") { $0.string(rule.rationale) }
                    help.member("markdown") { $0.string("**\(rule.summary)**\n\n\(rule.rationale)") }
                }
            }
            object.member("defaultConfiguration") { writer in writer.object { $0.member("level") { $0.string(level(rule.severity)) } } }
            object.member("properties") { writer in
                writer.object { properties in
                    properties.member("tags") { writer in
                        writer.array(["security", rule.category.rawValue] + (rule.issueCode.map { [$0] } ?? [])) { $0.string($1) }
                    }
                    properties.member("precision") { $0.string("high") }
                    if rule.severity >= .securityWarning {
                        // GitHub ranks security alerts by this score: error-level rules high, security warnings medium.
                        properties.member("security-severity") { $0.string(rule.severity == .error ? "8.0" : "6.0") }
                    }
                }
            }
        }
    }

    static func writeResult(_ located: LocatedFinding, ruleIndex: Int?, to writer: inout JSONWriter) {
        let finding = located.finding
        writer.object { result in
            result.member("ruleId") { $0.string(finding.ruleId) }
            if let ruleIndex { result.member("ruleIndex") { $0.number(ruleIndex) } }
            result.member("level") { $0.string(level(finding.severity)) }
            result.member("message") { writer in
                writer.object { $0.member("text") { $0.string(located.displayMessage + (finding.help.map { " (\($0))" } ?? "")) } }
            }
            result.member("locations") { writer in
                writer.array([0]) { writer, _ in
                    writer.object { location in
                        location.member("physicalLocation") { writer in
                            writer.object { physical in
                                physical.member("artifactLocation") { writer in writer.object { $0.member("uri") { $0.string(uri(located.file)) } } }
                                physical.member("region") { writer in
                                    writer.object { region in
                                        region.member("startLine") { $0.number(located.start.line) }
                                        region.member("startColumn") { $0.number(located.start.column) }
                                        region.member("endLine") { $0.number(located.end.line) }
                                        region.member("endColumn") { $0.number(max(located.end.column, located.end.line == located.start.line ? located.start.column + 1 : 1)) }
                                    }
                                }
                            }
                        }
                        location.member("logicalLocations") { writer in
                            writer.array([0]) { writer, _ in
                                writer.object { logical in
                                    let path = finding.path.map(\.description).joined(separator: "/")
                                    if let origin = located.origin {
                                        logical.member("name") { $0.string(origin) }
                                        logical.member("fullyQualifiedName") { $0.string(path.isEmpty ? origin : "\(origin)/\(path)") }
                                    } else {
                                        logical.member("fullyQualifiedName") { $0.string(path) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            result.member("partialFingerprints") { writer in
                writer.object { $0.member("policylint/v1") { $0.string(fingerprint(located)) } }
            }
            if let code = finding.issueCode {
                result.member("properties") { writer in writer.object { $0.member("issueCode") { $0.string(code) } } }
            }
        }
    }

    /// Rule, file, JSON path and message: stable when lines move.
    static func fingerprint(_ located: LocatedFinding) -> String {
        let key = [located.finding.ruleId, located.file, located.finding.path.map(\.description).joined(separator: "/"), located.displayMessage]
            .joined(separator: "\u{1F}")
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a, 64 bits
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A relative path as a URI reference; percent-encodes what a URI cannot hold.
    static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

/// GitHub Actions workflow commands: one annotation per finding, then a plain summary line.
public enum GitHubReporter {
    public static func report(_ reports: [FileReport]) -> String {
        var output = ""
        for located in reports.flatMap(\.findings) {
            let finding = located.finding
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .securityWarning, .warning: command = "warning"
            case .suggestion: command = "notice"
            }
            output += "::\(command) file=\(escapeProperty(located.file)),line=\(located.start.line),col=\(located.start.column),"
            output += "endLine=\(located.end.line),endColumn=\(located.end.column),title=\(escapeProperty(finding.ruleId))::"
            output += escapeData(located.displayMessage + (finding.help.map { " (\($0))" } ?? "")) + "\n"
        }
        output += "policylint: " + ReportSummary(reports).sentence + "\n"
        return output
    }

    /// GitHub's escaping for the message part of a workflow command.
    static func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    /// And for property values, which also reserve `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
