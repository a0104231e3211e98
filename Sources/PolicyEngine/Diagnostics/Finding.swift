/// One problem found in one policy source, located by byte span.
///
/// `path` is the JSON path of the offending element (`["Statement", 0, "Action", 2]`), the
/// same shape as Access Analyzer's `locations[].path`.
public struct Finding: Sendable {
    public var ruleId: String
    public var severity: Severity
    public var category: FindingCategory
    /// Access Analyzer's issue code for the same problem, when it has one.
    public var issueCode: String?
    /// Lower case, no final period, user input in backticks.
    public var message: String
    /// Longer advice, kept apart from the message.
    public var help: String?
    public var span: SourceSpan
    public var path: [JSONPathComponent]

    public init(
        ruleId: String, severity: Severity, category: FindingCategory, issueCode: String?, message: String,
        help: String? = nil, span: SourceSpan, path: [JSONPathComponent] = []
    ) {
        self.ruleId = ruleId
        self.severity = severity
        self.category = category
        self.issueCode = issueCode
        self.message = message
        self.help = help
        self.span = span
        self.path = path
    }
}

/// A finding with its line and column resolved, ready for a reporter.
public struct LocatedFinding: Sendable {
    public var finding: Finding
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition
    /// For a policy inside a template, plan or snapshot: who holds it
    /// (`OrdersRole AssumeRolePolicyDocument`, `aws_iam_role.ci assume_role_policy`).
    public var origin: String?

    public init(finding: Finding, file: String, start: SourcePosition, end: SourcePosition, origin: String? = nil) {
        self.finding = finding
        self.file = file
        self.start = start
        self.end = end
        self.origin = origin
    }

    public init(_ finding: Finding, in source: SourceText, origin: String? = nil) {
        let range = source.range(of: finding.span)
        self.init(finding: finding, file: source.name, start: range.start, end: range.end, origin: origin)
    }

    /// The message, led by the policy's holder when the file holds several policies.
    public var displayMessage: String {
        origin.map { "\($0): \(finding.message)" } ?? finding.message
    }
}
