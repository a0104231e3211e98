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
                writer.array(result.matchedStatements) { writer, statement in
                    writer.object { matched in
                        matched.member("SourcePolicyId") { $0.string(statement.policyId) }
                        matched.member("SourcePolicyType") { $0.string(statement.layer.rawValue) }
                        matched.member("StatementIndex") { $0.number(statement.statementIndex) }
                        matched.member("Sid") { $0.optionalString(statement.sid) }
                        matched.member("StartPosition") { position(&$0, statement.start) }
                        matched.member("EndPosition") { position(&$0, statement.end) }
                    }
                }
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
            for statement in result.matchedStatements {
                text += "  matched: \(statement.layer.rawValue) policy `\(statement.policyId)` statement \(statement.statementIndex)"
                if let sid = statement.sid { text += " `\(sid)`" }
                text += " (\(statement.effect.rawValue)) at \(statement.start)\n"
            }
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
