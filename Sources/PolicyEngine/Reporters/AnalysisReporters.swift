/// The three checks of `AccessAnalysis`, in the words their reports use.
public enum AccessCheck: Sendable {
    case newAccess
    case accessGranted
    case publicAccess

    /// The JSON member holding the verdict.
    var verdictKey: String {
        switch self {
        case .newAccess: return "newAccess"
        case .accessGranted: return "granted"
        case .publicAccess: return "public"
        }
    }

    func headline(_ verdict: AccessVerdict) -> String {
        switch (self, verdict.found, verdict.exact) {
        case (.newAccess, true, true): return "new access: NEW allows a request that OLD does not"
        case (.newAccess, false, _): return "no new access: every request NEW allows, OLD allows too"
        case (.newAccess, true, false): return "possible new access: no proof that OLD allows everything NEW allows"
        case (.accessGranted, true, true): return "FAIL: the policy grants the access"
        case (.accessGranted, false, _): return "PASS: no request for that access is allowed"
        case (.accessGranted, true, false): return "FAIL (possibly): no proof that the access is not granted"
        case (.publicAccess, true, true): return "FAIL: the policy allows public access"
        case (.publicAccess, false, _): return "PASS: no one outside the named accounts, organizations, networks and sources is allowed"
        case (.publicAccess, true, false): return "FAIL (possibly): no proof that the policy does not allow public access"
        }
    }

    var confirmation: String {
        switch self {
        case .newAccess: return "the evaluator allows it under NEW and denies it under OLD"
        case .accessGranted, .publicAccess: return "the evaluator allows it"
        }
    }
}

/// Verdict, witness and granting statements as readable text.
public enum AnalysisTextReporter {
    public static func report(_ verdict: AccessVerdict, check: AccessCheck) -> String {
        var text = check.headline(verdict) + "\n"
        if let witness = verdict.witness {
            let request = witness.request
            text += "  witness request (\(check.confirmation)):\n"
            text += "    action:    \(request.action)\n"
            text += "    resource:  \(request.resource)\n"
            text += "    principal: \(witness.principalText)\n"
            if let account = request.resourceAccount, request.principal.account != account {
                text += "    resource account: \(account)\n"
            }
            for key in request.context.keys {
                text += "    context:   \(witness.keyName(key))=\(request.context[key].map(describe) ?? "")\n"
            }
            for statement in witness.grantedBy {
                text += "  granted by: statement \(statement.sid.map { "`\($0)` " } ?? "")#\(statement.statementIndex) at \(statement.policyId):\(statement.start)\n"
            }
        }
        for note in verdict.notes { text += "  not decided exactly: \(note)\n" }
        return text
    }

    static func describe(_ value: RequestContext.Value) -> String {
        switch value {
        case .single(let value): return value
        case .multiple(let values): return "[" + values.joined(separator: ", ") + "]"
        }
    }
}

/// `{"newAccess": true, "witness": {"action": …, "resource": …, "principal": …, "context": {…}}, "exact": true, …}`,
/// with `granted` or `public` in place of `newAccess` for the other checks.
public enum AnalysisJSONReporter {
    public static func report(_ verdict: AccessVerdict, check: AccessCheck) -> String {
        var writer = JSONWriter()
        writer.object { root in
            root.member(check.verdictKey) { $0.bool(verdict.found) }
            root.member("exact") { $0.bool(verdict.exact) }
            root.member("witness") { writer in
                guard let witness = verdict.witness else { return writer.raw("null") }
                let request = witness.request
                writer.object { object in
                    object.member("action") { $0.string(request.action) }
                    object.member("resource") { $0.string(request.resource) }
                    object.member("principal") { $0.string(witness.principalText) }
                    if let account = request.resourceAccount, request.principal.account != account {
                        object.member("resourceAccount") { $0.string(account) }
                    }
                    object.member("context") { writer in
                        writer.object { context in
                            for key in request.context.keys {
                                context.member(witness.keyName(key)) { writer in
                                    switch request.context[key]! {
                                    case .single(let value): writer.string(value)
                                    case .multiple(let values): writer.array(values) { $0.string($1) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            root.member("grantedBy") { writer in
                writer.array(verdict.witness?.grantedBy ?? []) { writer, statement in
                    writer.object { object in
                        object.member("policy") { $0.string(statement.policyId) }
                        object.member("statementIndex") { $0.number(statement.statementIndex) }
                        object.member("sid") { $0.optionalString(statement.sid) }
                        object.member("line") { $0.number(statement.start.line) }
                        object.member("column") { $0.number(statement.start.column) }
                    }
                }
            }
            root.member("notes") { writer in writer.array(verdict.notes) { $0.string($1) } }
        }
        return writer.output + "\n"
    }
}
