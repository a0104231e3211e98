/// Everything a lint rule says about itself: it drives `policylint rules`, docs/rules.md,
/// SARIF's rule metadata and the rule's own tests.
public struct RuleDescription: Sendable {
    /// Kebab-case, stable, never reused.
    public let id: String
    /// One line, sentence case, no final period.
    public let summary: String
    public let rationale: String
    public let severity: Severity
    public let category: FindingCategory
    /// Access Analyzer's issue code for the same check, when it has one.
    public let issueCode: String?
    /// The policy types the rule looks at; nil for all.
    public let policyTypes: Set<PolicyType>?
    /// Policies the rule must flag, with `↓` before each element a finding points at.
    public let triggering: [Example]
    /// Policies the rule must leave alone.
    public let nonTriggering: [Example]

    public init(
        id: String, summary: String, rationale: String, severity: Severity, category: FindingCategory,
        issueCode: String? = nil, policyTypes: Set<PolicyType>? = nil, triggering: [Example], nonTriggering: [Example]
    ) {
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.severity = severity
        self.category = category
        self.issueCode = issueCode
        self.policyTypes = policyTypes
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }

    func applies(to type: PolicyType) -> Bool { policyTypes?.contains(type) ?? true }
}

/// An example policy for a rule's documentation and tests. `↓` marks where a finding starts.
public struct Example: Sendable {
    public static let marker = "↓"

    public let text: String
    public let policyType: PolicyType
    /// Where the example is written, so a failing example is reported at its own line.
    public let file: String
    public let line: Int

    public init(_ text: String, policyType: PolicyType = .identity, file: StaticString = #filePath, line: UInt = #line) {
        self.text = text
        self.policyType = policyType
        self.file = "\(file)"
        self.line = Int(line)
    }

    /// The policy without markers, and the UTF-8 offsets the markers stood at.
    public var stripped: (text: String, markers: [Int]) {
        var output = ""
        var markers: [Int] = []
        var offset = 0
        var rest = Substring(text)
        while let range = rest.firstRange(of: Self.marker) {
            let before = rest[..<range.lowerBound]
            output += before
            offset += before.utf8.count
            markers.append(offset)
            rest = rest[range.upperBound...]
        }
        output += rest
        return (output, markers)
    }
}

/// What a rule reports; the linter adds the rule's id, category and defaults.
public struct RuleFinding: Sendable {
    public var span: SourceSpan
    public var message: String
    public var help: String?
    public var issueCode: String?
    public var severity: Severity?

    public init(_ message: String, at span: SourceSpan, help: String? = nil, issueCode: String? = nil, severity: Severity? = nil) {
        self.span = span
        self.message = message
        self.help = help
        self.issueCode = issueCode
        self.severity = severity
    }
}

/// A lint rule: a description and a check over the typed policy model.
public protocol LintRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: LintContext) -> [RuleFinding]
}
