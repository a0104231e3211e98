/// `policylint.json`: rule severities, disabled rules, and ignores by path glob, rule and
/// statement Sid, each with a reason.
///
/// `{"rules": {"wildcard-resource": "warning", "full-admin": {"severity": "error"}, "unknown-action": "off"},
///   "ignore": [{"rule": "full-admin", "path": "break-glass/*.json", "sid": "BreakGlass", "reason": "…"}]}`
public struct LintConfiguration: Sendable {
    public struct Ignore: Sendable {
        public var rule: String?
        public var path: PathGlob?
        public var sid: String?
        public var reason: String
        /// Where the entry is written, for "matched nothing" findings.
        public var span: SourceSpan
    }

    public var severities: [String: Severity] = [:]
    public var disabled: Set<String> = []
    public var ignores: [Ignore] = []

    public init() {}

    public func isEnabled(_ ruleId: String) -> Bool { !disabled.contains(ruleId) }
    public func severity(for ruleId: String) -> Severity? { severities[ruleId] }

    /// The ignore entries (by index) that suppress `finding` in `file`.
    public func ignoreIndex(for finding: Finding, file: String, sid: String?) -> Int? {
        ignores.firstIndex { ignore in
            (ignore.rule == nil || ignore.rule == finding.ruleId) && (ignore.sid == nil || ignore.sid == sid)
                && (ignore.path?.matches(file) ?? true)
        }
    }
}

/// Reads a configuration file, collecting problems as findings in that file.
public enum ConfigurationLoader {
    public static func load(_ source: SourceText) -> (configuration: LintConfiguration, findings: [Finding]) {
        var configuration = LintConfiguration()
        var findings: [Finding] = []
        func problem(_ message: String, _ span: SourceSpan, help: String? = nil, severity: Severity = .warning) {
            findings.append(Finding(ruleId: "configuration", severity: severity, category: .hygiene, issueCode: nil,
                message: message, help: help, span: span))
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(source.bytes)
        } catch {
            problem(error.message, SourceSpan(start: error.offset, end: error.offset + 1), severity: .error)
            return (configuration, findings)
        }
        guard let members = root.objectValue else {
            problem("expected the configuration to be a JSON object", root.span, severity: .error)
            return (configuration, findings)
        }
        let knownIds = BuiltInRules.allIds
        for member in members {
            switch member.key {
            case "rules":
                guard let rules = member.value.objectValue else {
                    problem("expected `rules` to map rule ids to a severity or \"off\"", member.value.span, severity: .error)
                    continue
                }
                for rule in rules {
                    guard knownIds.contains(rule.key) else {
                        problem("unknown rule `\(rule.key)`", rule.keySpan,
                            help: Suggestions.closest(to: rule.key, among: knownIds).map { "did you mean `\($0)`?" })
                        continue
                    }
                    var level = rule.value.stringValue
                    if let object = rule.value.objectValue {
                        for entry in object where entry.key != "severity" {
                            problem("unknown key `\(entry.key)` in a rule setting", entry.keySpan,
                                help: Suggestions.closest(to: entry.key, among: ["severity"]).map { "did you mean `\($0)`?" })
                        }
                        level = rule.value["severity"]?.stringValue
                    }
                    switch level {
                    case "off"?: configuration.disabled.insert(rule.key)
                    case let name? where Severity(rawValue: name) != nil: configuration.severities[rule.key] = Severity(rawValue: name)
                    default:
                        problem("expected a severity (error, security-warning, warning, suggestion) or \"off\"", rule.value.span,
                            severity: .error)
                    }
                }
            case "ignore":
                guard let entries = member.value.arrayValue else {
                    problem("expected `ignore` to be an array of ignore entries", member.value.span, severity: .error)
                    continue
                }
                for entry in entries {
                    if let ignore = loadIgnore(entry, knownIds: knownIds, problem: problem) { configuration.ignores.append(ignore) }
                }
            default:
                problem("unknown key `\(member.key)`", member.keySpan,
                    help: Suggestions.closest(to: member.key, among: ["rules", "ignore"]).map { "did you mean `\($0)`?" })
            }
        }
        return (configuration, findings)
    }

    private static func loadIgnore(
        _ entry: JSONValue, knownIds: [String], problem: (String, SourceSpan, String?, Severity) -> Void
    ) -> LintConfiguration.Ignore? {
        guard let fields = entry.objectValue else {
            problem("expected an ignore entry object", entry.span, nil, .error)
            return nil
        }
        var ignore = LintConfiguration.Ignore(rule: nil, path: nil, sid: nil, reason: "", span: entry.span)
        var hasReason = false
        for field in fields {
            guard let text = field.value.stringValue else {
                problem("expected `\(field.key)` to be a string", field.value.span, nil, .error)
                continue
            }
            switch field.key {
            case "rule":
                if !knownIds.contains(text) {
                    problem("unknown rule `\(text)`", field.value.span,
                        Suggestions.closest(to: text, among: knownIds).map { "did you mean `\($0)`?" }, .warning)
                }
                ignore.rule = text
            case "path": ignore.path = PathGlob(text)
            case "sid": ignore.sid = text
            case "reason":
                ignore.reason = text
                hasReason = !text.isEmpty
            default:
                problem("unknown key `\(field.key)` in an ignore entry", field.keySpan,
                    Suggestions.closest(to: field.key, among: ["rule", "path", "sid", "reason"]).map { "did you mean `\($0)`?" },
                    .warning)
            }
        }
        guard hasReason else {
            problem("an ignore entry needs a `reason`", entry.span, "say why the finding is acceptable", .error)
            return nil
        }
        return ignore
    }
}

/// Path globs for ignores: `*` and `?` stay within one path segment, `**` crosses them.
public struct PathGlob: Sendable {
    public let text: String
    /// The glob has a `/`: it is matched against the whole relative path, not only the name.
    public let hasSeparator: Bool
    /// Each piece compiled once (nil for `**`): a walk tests every file against them.
    private let patterns: [GlobPattern?]

    public init(_ text: String) {
        self.text = text
        hasSeparator = text.utf8.contains(UInt8(ascii: "/"))
        patterns = text.split(separator: "/", omittingEmptySubsequences: false).map { $0 == "**" ? nil : GlobPattern(String($0)) }
    }

    public func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var rest = bytes[...]
            while rest.count >= 2, rest[rest.startIndex] == UInt8(ascii: "."), rest[rest.startIndex + 1] == UInt8(ascii: "/") {
                rest = rest.dropFirst(2)
            }
            // Segments as byte ranges: a folder walk asks this of every file, so no Strings are built.
            let segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            return match(patterns[...], segments[...])
        }
    }

    /// Whether the glob matches the name after the last `/` of `path`, as `matches` would
    /// match that name alone: a walk asks this of every file, so the name is not copied out.
    public func matchesName(in path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var start = bytes.count
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[start...])
            // A glob of one piece (no `/`) against one name; anything else as `matches` does it.
            guard patterns.count == 1 else { return matches(String(decoding: name, as: UTF8.self)) }
            return patterns[0]?.matches(name) ?? true
        }
    }

    private func match(_ pattern: ArraySlice<GlobPattern?>, _ segments: ArraySlice<Slice<UnsafeBufferPointer<UInt8>>>) -> Bool {
        guard let first = pattern.first else { return segments.isEmpty }
        guard let glob = first else {
            // `**`: any number of segments.
            var rest = segments
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = segments.first,
              glob.matches(UnsafeBufferPointer(rebasing: segment)) else { return false }
        return match(pattern.dropFirst(), segments.dropFirst())
    }
}
