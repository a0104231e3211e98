/// One evaluated request, with the expectation a scenario gave for it.
public struct SimulationOutcome: Sendable {
    public var name: String?
    public var request: AuthorizationRequest
    public var result: EvaluationResult
    public var expect: Decision?
    /// Where the request was written, when it came from a scenario file.
    public var location: String?

    public init(name: String? = nil, request: AuthorizationRequest, result: EvaluationResult, expect: Decision? = nil,
        location: String? = nil)
    {
        self.name = name
        self.request = request
        self.result = result
        self.expect = expect
        self.location = location
    }

    public var expectationFailed: Bool { expect.map { $0 != result.decision } ?? false }
}

/// JSON with the field names of AWS's SimulatePolicyResponse, plus `EvalDecisionReason`,
/// `EvaluationErrors` and, for scenarios, `ExpectedDecision`.
public enum SimulationJSONReporter {
    public static func report(_ outcomes: [SimulationOutcome]) -> String {
        var writer = JSONWriter()
        writer.object { root in
            root.member("EvaluationResults") { writer in
                writer.array(outcomes) { writer, outcome in write(outcome, to: &writer) }
            }
        }
        return writer.output + "\n"
    }

    static func write(_ outcome: SimulationOutcome, to writer: inout JSONWriter) {
        let result = outcome.result
        writer.object { object in
            if let name = outcome.name { object.member("Name") { $0.string(name) } }
            object.member("EvalActionName") { $0.string(outcome.request.action) }
            object.member("EvalResourceName") { $0.string(outcome.request.resource) }
            object.member("EvalDecision") { $0.string(result.decision.rawValue) }
            object.member("EvalDecisionReason") { $0.string(result.reason) }
            object.member("MatchedStatements") { writer in
                writer.array(result.matchedStatements) { writer, statement in write(statement, to: &writer) }
            }
            object.member("MissingContextValues") { writer in writer.array(result.missingContextKeys) { $0.string($1) } }
            if let organizations = result.layers.organizations {
                object.member("OrganizationsDecisionDetail") { writer in
                    writer.object { $0.member("AllowedByOrganizations") { $0.bool(organizations) } }
                }
            }
            if let boundary = result.layers.permissionsBoundary {
                object.member("PermissionsBoundaryDecisionDetail") { writer in
                    writer.object { $0.member("AllowedByPermissionsBoundary") { $0.bool(boundary) } }
                }
            }
            if !result.errors.isEmpty {
                object.member("EvaluationErrors") { writer in writer.array(result.errors) { $0.string($1.message) } }
            }
            if let expect = outcome.expect {
                object.member("ExpectedDecision") { $0.string(expect.rawValue) }
            }
        }
    }

    /// A statement as the simulator's `Statement` shape, with where it is written.
    static func write(_ statement: MatchedStatement, to writer: inout JSONWriter) {
        writer.object { matched in
            matched.member("SourcePolicyId") { $0.string(statement.policyId) }
            matched.member("SourcePolicyType") { $0.string(statement.layer.rawValue) }
            matched.member("StatementIndex") { $0.number(statement.statementIndex) }
            matched.member("Sid") { $0.optionalString(statement.sid) }
            matched.member("StartPosition") { position(&$0, statement.start) }
            matched.member("EndPosition") { position(&$0, statement.end) }
        }
    }

    private static func position(_ writer: inout JSONWriter, _ position: SourcePosition) {
        writer.object { object in
            object.member("Line") { $0.number(position.line) }
            object.member("Column") { $0.number(position.column) }
        }
    }
}

/// A readable explanation per request, then a summary line.
public enum SimulationTextReporter {
    public static func report(_ outcomes: [SimulationOutcome]) -> String {
        var text = ""
        for outcome in outcomes {
            let result = outcome.result
            let request = outcome.request
            if let location = outcome.location { text += "\(location): " }
            text += "\(request.action) on \(request.resource): \(result.decision.rawValue)"
            if let name = outcome.name { text += " (\(name))" }
            text += "\n  reason: \(result.reason)\n"
            for statement in result.matchedStatements { text += "  matched: " + describe(statement) + "\n" }
            let verdicts = layerSummary(result.layers)
            if !verdicts.isEmpty { text += "  layers: \(verdicts)\n" }
            if !result.missingContextKeys.isEmpty {
                text += "  missing context keys: \(result.missingContextKeys.joined(separator: ", "))\n"
            }
            for error in result.errors { text += "  error: \(error.message)\n" }
            if let expect = outcome.expect, expect != result.decision {
                text += "  FAILED: expected \(expect.rawValue)\n"
            }
        }
        let failed = outcomes.filter(\.expectationFailed).count
        let expectations = outcomes.filter { $0.expect != nil }.count
        text += "\(outcomes.count) request\(outcomes.count == 1 ? "" : "s") evaluated"
        if expectations > 0 { text += "; \(expectations - failed) passed, \(failed) failed" }
        text += "\n"
        return text
    }

    /// `identity policy `x` statement 0 `Sid` (Allow) at 3:5`.
    static func describe(_ statement: MatchedStatement) -> String {
        var text = "\(statement.layer.rawValue) policy `\(statement.policyId)` statement \(statement.statementIndex)"
        if let sid = statement.sid { text += " `\(sid)`" }
        return text + " (\(statement.effect.rawValue)) at \(statement.start)"
    }

    static func layerSummary(_ layers: LayerVerdicts) -> String {
        let entries: [(String, Bool?)] = [
            ("organizations (SCPs)", layers.organizations), ("resource control policies", layers.resourceControlPolicies),
            ("resource-based policy", layers.resourcePolicy), ("identity-based policies", layers.identityPolicies),
            ("permissions boundary", layers.permissionsBoundary), ("session policies", layers.sessionPolicies),
        ]
        return entries.compactMap { name, verdict in verdict.map { "\(name) \($0 ? "allow" : "do not allow")" } }
            .joined(separator: ", ")
    }
}

/// `policylint who-can`: the principals allowed to make one request.
public enum WhoCanReporter {
    public struct Report: Sendable {
        public var action: String
        public var resource: String
        public var allowed: [(arn: String, result: EvaluationResult)]
        public var undecided: [(arn: String, result: EvaluationResult)]

        public init(action: String, resource: String, allowed: [(arn: String, result: EvaluationResult)],
            undecided: [(arn: String, result: EvaluationResult)]) {
            self.action = action
            self.resource = resource
            self.allowed = allowed
            self.undecided = undecided
        }
    }

    /// `{"principals": [{"arn", "decision", "matchedStatements"}]}`: the allowed ones only;
    /// `undecided` lists, apart, those whose decision could not be made.
    public static func json(_ reports: [Report]) -> String {
        var writer = JSONWriter()
        func principals(_ entries: [(arn: String, result: EvaluationResult)], _ writer: inout JSONWriter) {
            writer.array(entries) { writer, entry in
                writer.object { object in
                    object.member("arn") { $0.string(entry.arn) }
                    object.member("decision") { $0.string(entry.result.decision.rawValue) }
                    object.member("matchedStatements") { writer in
                        writer.array(entry.result.matchedStatements) { SimulationJSONReporter.write($1, to: &$0) }
                    }
                    if !entry.result.errors.isEmpty {
                        object.member("errors") { writer in writer.array(entry.result.errors) { $0.string($1.message) } }
                    }
                }
            }
        }
        writer.object { root in
            if reports.count == 1 {
                root.member("principals") { principals(reports[0].allowed, &$0) }
                if !reports[0].undecided.isEmpty { root.member("undecided") { principals(reports[0].undecided, &$0) } }
            } else {
                root.member("requests") { writer in
                    writer.array(reports) { writer, report in
                        writer.object { object in
                            object.member("action") { $0.string(report.action) }
                            object.member("resource") { $0.string(report.resource) }
                            object.member("principals") { principals(report.allowed, &$0) }
                            if !report.undecided.isEmpty { object.member("undecided") { principals(report.undecided, &$0) } }
                        }
                    }
                }
            }
        }
        return writer.output + "\n"
    }

    public static func text(_ reports: [Report]) -> String {
        var text = ""
        for report in reports {
            let count = report.allowed.count
            text += "\(count) principal\(count == 1 ? "" : "s") can \(report.action) on \(report.resource)\(count == 0 ? "" : ":")\n"
            for entry in report.allowed {
                text += "  \(entry.arn)\n"
                for statement in entry.result.matchedStatements {
                    text += "    matched: " + SimulationTextReporter.describe(statement) + "\n"
                }
            }
            if !report.undecided.isEmpty {
                text += "\(report.undecided.count) could not be decided (never counted as allowed):\n"
                for entry in report.undecided {
                    text += "  \(entry.arn): \(entry.result.errors.map(\.message).joined(separator: "; "))\n"
                }
            }
        }
        return text
    }
}
