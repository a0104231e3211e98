/// Known findings to leave out of a report, keyed on file, rule, statement and message
/// rather than line, so unrelated edits do not resurrect them.
public struct Baseline: Sendable {
    public struct Key: Hashable, Sendable {
        public var file: String
        public var ruleId: String
        /// The statement's Sid, or `#N` for an unnamed statement, or "" for the policy.
        public var statement: String
        public var message: String

        public init(file: String, ruleId: String, statement: String, message: String) {
            self.file = file
            self.ruleId = ruleId
            self.statement = statement
            self.message = message
        }
    }

    public private(set) var keys: Set<Key> = []

    public init(keys: Set<Key> = []) {
        self.keys = keys
    }

    public func contains(_ key: Key) -> Bool { keys.contains(key) }

    /// The statement a finding is in, named as baselines and ignores name it.
    public static func statementName(of finding: Finding, in policy: Policy?) -> String {
        guard finding.path.count >= 1, case .key("Statement") = finding.path[0] else { return "" }
        var index = 0
        if finding.path.count >= 2, case .index(let position) = finding.path[1] { index = position }
        guard let statement = policy?.statements.first(where: { $0.index == index }) else { return "#\(index)" }
        return statement.sid?.value ?? "#\(index)"
    }

    public static func sid(of finding: Finding, in policy: Policy?) -> String? {
        let name = statementName(of: finding, in: policy)
        return name.isEmpty || name.hasPrefix("#") ? nil : name
    }

    /// `{"version": 1, "findings": [{"file", "ruleId", "statement", "message"}]}`, sorted.
    public func serialized() -> String {
        var writer = JSONWriter()
        let sorted = keys.sorted { ($0.file, $0.ruleId, $0.statement, $0.message) < ($1.file, $1.ruleId, $1.statement, $1.message) }
        writer.object { root in
            root.member("version") { $0.number(1) }
            root.member("findings") { writer in
                writer.array(sorted) { writer, key in
                    writer.object { entry in
                        entry.member("file") { $0.string(key.file) }
                        entry.member("ruleId") { $0.string(key.ruleId) }
                        entry.member("statement") { $0.string(key.statement) }
                        entry.member("message") { $0.string(key.message) }
                    }
                }
            }
        }
        return writer.output + "\n"
    }

    public static func parse(_ source: SourceText) -> Result<Baseline, ScenarioError> {
        func fail(_ message: String, _ offset: Int) -> ScenarioError {
            ScenarioError(file: source.name, position: source.position(of: offset), message: message)
        }
        let root: JSONValue
        do { root = try JSONParser.parse(source.bytes) } catch { return .failure(fail(error.message, error.offset)) }
        guard let entries = root["findings"]?.arrayValue else {
            return .failure(fail("expected {\"version\": 1, \"findings\": [...]}", root.span.start))
        }
        var keys = Set<Key>()
        for entry in entries {
            guard let file = entry["file"]?.stringValue, let rule = entry["ruleId"]?.stringValue,
                let statement = entry["statement"]?.stringValue, let message = entry["message"]?.stringValue
            else { return .failure(fail("expected a baseline entry with file, ruleId, statement and message", entry.span.start)) }
            keys.insert(Key(file: file, ruleId: rule, statement: statement, message: message))
        }
        return .success(Baseline(keys: keys))
    }
}
