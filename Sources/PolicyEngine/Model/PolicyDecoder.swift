/// Turns a parsed JSON document into a `Policy`, collecting every grammar problem on the way.
///
/// The decoder never stops at the first problem: an element it cannot read is left out of
/// the model and reported, and decoding goes on with the rest. When a key is repeated, the
/// last occurrence is decoded (as most JSON readers do) and each repetition is reported.
public struct PolicyDecoder {
    public let policyType: PolicyType
    private(set) var findings: [Finding] = []

    static let policyElements = ["Version", "Id", "Statement"]
    static let statementElements = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]
    static let versions = ["2012-10-17", "2008-10-17"]

    public init(policyType: PolicyType) {
        self.policyType = policyType
    }

    /// Decodes `document`; the policy is nil only when the document is not an object.
    public static func decode(_ document: JSONValue, as policyType: PolicyType) -> (policy: Policy?, findings: [Finding])
    {
        var decoder = PolicyDecoder(policyType: policyType)
        for span in document.repeatedKeySpans() {
            decoder.report(.duplicateKey, "duplicate key `\(document.document.text(of: span))`; only the last one takes effect",
                at: span, help: "merge the two values or remove one")
        }
        let policy = decoder.decodePolicy(document)
        var findings = decoder.findings
        for index in findings.indices { findings[index].path = document.path(to: findings[index].span) }
        findings.sort { $0.span < $1.span }
        return (policy, findings)
    }

    // MARK: - Policy

    mutating func decodePolicy(_ document: JSONValue) -> Policy? {
        guard let members = document.objectValue else {
            report(.dataTypeMismatch, "expected the policy to be a JSON object, found \(document.typeDescription)",
                at: document.span)
            return nil
        }
        var policy = Policy(span: document.span)
        let opening = SourceSpan(start: document.span.start, end: document.span.start + 1)
        var sawStatement = false
        for member in lastOccurrences(members) {
            switch member.key {
            case "Version":
                policy.version = decodeVersion(member.value)
            case "Id":
                policy.id = string(member.value, element: "Id")
            case "Statement":
                sawStatement = true
                decodeStatements(member.value, into: &policy)
            default:
                reportUnknownElement(member, expected: Self.policyElements, level: "policy")
            }
        }
        if policy.version == nil, !members.contains(where: { $0.key == "Version" }) {
            report(.missingVersion, "policy has no `Version` element", at: opening,
                help: "add \"Version\": \"2012-10-17\"; without it IAM applies 2008-10-17, which does not substitute policy variables")
        }
        if !sawStatement {
            report(.missingStatement, "policy has no `Statement` element", at: opening)
        }
        if policy.statements.count > 1 { reportDuplicateSids(policy.statements) }
        return policy
    }

    mutating func decodeVersion(_ value: JSONValue) -> Located<String>? {
        guard let version = string(value, element: "Version") else { return nil }
        guard Self.versions.contains(version.value) else {
            let suggestion = Suggestions.closest(to: version.value, among: Self.versions)
            report(.invalidVersion, "`\(version.value)` is not a policy language version", at: value.span,
                help: suggestion.map { "did you mean `\($0)`?" } ?? "use `2012-10-17`")
            return nil
        }
        return version
    }

    mutating func decodeStatements(_ value: JSONValue, into policy: inout Policy) {
        switch value.kind {
        case .object:
            policy.statementIsSingleObject = true
            if let statement = decodeStatement(value, index: 0) { policy.statements.append(statement) }
        case .array(let elements):
            if elements.isEmpty {
                report(.missingStatement, "the `Statement` array is empty", at: value.span)
            }
            for (index, element) in elements.enumerated() {
                if let statement = decodeStatement(element, index: index) { policy.statements.append(statement) }
            }
        default:
            report(.dataTypeMismatch,
                "expected `Statement` to be an object or an array of objects, found \(value.typeDescription)",
                at: value.span)
        }
    }

    // MARK: - Statement

    mutating func decodeStatement(_ value: JSONValue, index: Int) -> Statement? {
        guard let members = value.objectValue else {
            report(.dataTypeMismatch, "expected a statement object, found \(value.typeDescription)", at: value.span)
            return nil
        }
        var statement = Statement(index: index, span: value.span)
        var present = PresentElements()
        for member in lastOccurrences(members) {
            switch member.key {
            case "Sid":
                statement.sid = decodeSid(member.value)
            case "Effect":
                statement.effect = decodeEffect(member.value)
            case "Principal", "NotPrincipal":
                if let principal = decodePrincipal(member) {
                    if statement.principal == nil || member.key == "Principal" { statement.principal = principal }
                }
            case "Action", "NotAction":
                if let list = patternList(member, emptyCheck: .emptyAction, noun: "actions") {
                    if statement.action == nil || member.key == "Action" { statement.action = list }
                }
            case "Resource", "NotResource":
                if let list = patternList(member, emptyCheck: .emptyResource, noun: "resources") {
                    if statement.resource == nil || member.key == "Resource" { statement.resource = list }
                }
            case "Condition":
                statement.condition = decodeCondition(member)
            default:
                reportUnknownElement(member, expected: Self.statementElements, level: "statement")
                continue
            }
            present[member.key] = member
        }
        checkRequiredElements(present, statement: statement, statementSpan: value.span)
        return statement
    }

    mutating func checkRequiredElements(_ present: PresentElements, statement: Statement, statementSpan: SourceSpan) {
        let opening = SourceSpan(start: statementSpan.start, end: statementSpan.start + 1)
        if present["Effect"] == nil {
            report(.missingEffect, "statement has no `Effect` element", at: opening,
                help: "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"")
        }
        for (positive, negative) in [("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")] {
            if let second = present[negative], present[positive] != nil {
                report(.unsupportedElementCombination,
                    "`\(positive)` and `\(negative)` cannot be used in the same statement", at: second.keySpan)
            }
        }
        if present["Action"] == nil, present["NotAction"] == nil {
            report(.missingAction, "statement has no `Action` or `NotAction` element", at: opening)
        }
        if let notAction = present["NotAction"], policyType == .rcp {
            report(.unsupportedNotAction, "resource control policies do not support `NotAction`", at: notAction.keySpan)
        }
        checkResourceElements(present, opening: opening)
        checkPrincipalElements(present, opening: opening)
    }

    mutating func checkResourceElements(_ present: PresentElements, opening: SourceSpan) {
        let resource = present["Resource"] ?? present["NotResource"]
        if policyType == .trust {
            if let resource {
                report(.unsupportedResource,
                    "role trust policies do not support `\(resource.key)`; they apply to the role they are attached to",
                    at: resource.keySpan)
            }
        } else if resource == nil {
            report(.missingResource, "statement has no `Resource` or `NotResource` element", at: opening)
        }
    }

    mutating func checkPrincipalElements(_ present: PresentElements, opening: SourceSpan) {
        let principal = present["Principal"] ?? present["NotPrincipal"]
        switch policyType {
        case .identity, .boundary, .session:
            if let principal {
                report(.unsupportedPrincipal,
                    "\(policyType.displayName) policies do not support the `\(principal.key)` element",
                    at: principal.keySpan,
                    help: "remove it, or lint the file as a resource policy with --policy-type resource")
            }
        case .scp:
            if let principal {
                report(.unsupportedPrincipal, "service control policies do not support the `\(principal.key)` element",
                    at: principal.keySpan, issueCode: "SCP_SYNTAX_ERROR_PRINCIPAL")
            }
        case .trust, .rcp, .resource:
            if let notPrincipal = present["NotPrincipal"], policyType != .resource {
                report(.unsupportedPrincipal,
                    "\(policyType.displayName) policies do not support `NotPrincipal`", at: notPrincipal.keySpan,
                    issueCode: policyType == .trust ? "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
                        : "RCP_SYNTAX_ERROR_PRINCIPAL")
            }
            if principal == nil {
                report(.missingPrincipal,
                    "statement has no `Principal` element, which \(policyType.displayName) policies require",
                    at: opening)
            }
        }
    }

    mutating func decodeSid(_ value: JSONValue) -> Located<String>? {
        guard let sid = string(value, element: "Sid") else { return nil }
        if sid.value.isEmpty {
            report(.emptySid, "the `Sid` is empty", at: value.span)
        } else if policyType.restrictsSidCharacters,
            let bad = sid.value.unicodeScalars.first(where: { !isASCIILetterOrDigit($0) })
        {
            report(.unsupportedSid, "`Sid` `\(sid.value)` contains `\(bad)`; IAM accepts only A-Z, a-z and 0-9",
                at: value.span)
        }
        return sid
    }

    mutating func decodeEffect(_ value: JSONValue) -> Located<Effect>? {
        guard let text = string(value, element: "Effect") else { return nil }
        guard let effect = Effect(rawValue: text.value) else {
            let suggestion = Suggestions.closest(to: text.value, among: Effect.allCases.map(\.rawValue))
            report(.invalidEffect, "`\(text.value)` is not a valid effect", at: value.span,
                help: suggestion.map { "did you mean `\($0)`? Effect is case sensitive" } ?? "use `Allow` or `Deny`")
            return nil
        }
        return Located(effect, span: value.span)
    }

    // MARK: - Elements

    /// Action/NotAction/Resource/NotResource: a string or an array of strings.
    mutating func patternList(_ member: JSONMember, emptyCheck: GrammarCheck, noun: String) -> PatternListElement? {
        let isNegated = member.key.hasPrefix("Not")
        guard let values = stringList(member.value, element: member.key) else { return nil }
        if values.isEmpty {
            report(emptyCheck, "`\(member.key)` lists no \(noun), so the statement has no effect", at: member.value.span)
        }
        return PatternListElement(isNegated: isNegated, keySpan: member.keySpan, valueSpan: member.value.span,
            values: values)
    }

    mutating func decodePrincipal(_ member: JSONMember) -> PrincipalElement? {
        let isNegated = member.key == "NotPrincipal"
        let value = member.value
        switch value.kind {
        case .string(let text):
            guard text == "*" else {
                report(.invalidPrincipal, "`\(member.key)` must be \"*\" or an object, not the string `\(text)`",
                    at: value.span, help: "write {\"AWS\": \"\(text)\"} for an AWS account or ARN")
                return nil
            }
            return PrincipalElement(isNegated: isNegated, keySpan: member.keySpan, valueSpan: value.span,
                value: .wildcard)
        case .object(let members):
            if members.isEmpty {
                report(.emptyPrincipal, "`\(member.key)` is an empty object, so the statement matches no principal",
                    at: value.span, issueCode: "EMPTY_OBJECT_PRINCIPAL")
            }
            var entries: [PrincipalEntry] = []
            for entry in lastOccurrences(members) {
                guard let kind = PrincipalKind(rawValue: entry.key) else {
                    let suggestion = Suggestions.closest(to: entry.key, among: PrincipalKind.allCases.map(\.rawValue))
                    report(.invalidPrincipal, "`\(entry.key)` is not a principal type", at: entry.keySpan,
                        help: suggestion.map { "did you mean `\($0)`?" }
                            ?? "use AWS, Service, Federated or CanonicalUser",
                        issueCode: "INVALID_PRINCIPAL_KEY")
                    continue
                }
                guard let values = stringList(entry.value, element: "\(member.key).\(entry.key)") else { continue }
                if values.isEmpty {
                    report(.emptyPrincipal, "`\(member.key)` `\(entry.key)` lists no principals", at: entry.value.span)
                }
                entries.append(PrincipalEntry(kind: kind, keySpan: entry.keySpan, values: values))
            }
            return PrincipalElement(isNegated: isNegated, keySpan: member.keySpan, valueSpan: value.span,
                value: .entries(entries))
        default:
            report(.dataTypeMismatch, "expected `\(member.key)` to be \"*\" or an object, found \(value.typeDescription)",
                at: value.span)
            return nil
        }
    }

    mutating func decodeCondition(_ member: JSONMember) -> ConditionBlock? {
        guard let operators = member.value.objectValue else {
            report(.dataTypeMismatch, "expected `Condition` to be an object, found \(member.value.typeDescription)",
                at: member.value.span)
            return nil
        }
        if operators.isEmpty {
            report(.emptyCondition, "the `Condition` block is empty and restricts nothing", at: member.value.span)
        }
        var clauses: [ConditionClause] = []
        for operatorMember in lastOccurrences(operators) {
            guard let keys = operatorMember.value.objectValue else {
                report(.dataTypeMismatch,
                    "expected condition operator `\(operatorMember.key)` to map keys to values, found \(operatorMember.value.typeDescription)",
                    at: operatorMember.value.span)
                continue
            }
            if keys.isEmpty {
                report(.emptyCondition, "condition operator `\(operatorMember.key)` has no keys",
                    at: operatorMember.value.span)
            }
            let operatorName = Located(operatorMember.key, span: operatorMember.keySpan)
            for keyMember in lastOccurrences(keys) {
                guard let clause = decodeClause(operatorName, keyMember) else { continue }
                clauses.append(clause)
            }
        }
        return ConditionBlock(keySpan: member.keySpan, valueSpan: member.value.span, clauses: clauses)
    }

    mutating func decodeClause(_ operatorName: Located<String>, _ keyMember: JSONMember) -> ConditionClause? {
        let key = Located(keyMember.key, span: keyMember.keySpan)
        var values: [Located<ConditionValue>] = []
        let elements: [JSONValue]
        let wasArray: Bool
        if let array = keyMember.value.arrayValue {
            elements = array
            wasArray = true
        } else {
            elements = [keyMember.value]
            wasArray = false
        }
        for element in elements {
            switch element.kind {
            case .string(let text): values.append(Located(ConditionValue(text: text, kind: .string), span: element.span))
            case .number(let text): values.append(Located(ConditionValue(text: text, kind: .number), span: element.span))
            case .bool(let flag):
                values.append(Located(ConditionValue(text: flag ? "true" : "false", kind: .bool), span: element.span))
            default:
                report(.dataTypeMismatch,
                    "expected condition key `\(keyMember.key)` to have a string, number or boolean value, found \(element.typeDescription)",
                    at: element.span)
                return nil
            }
        }
        if wasArray, values.isEmpty { reportEmptyConditionValues(operatorName.value, keyMember) }
        return ConditionClause(operatorName: operatorName, key: key, valueSpan: keyMember.value.span, values: values,
            valuesWereArray: wasArray)
    }

    mutating func reportEmptyConditionValues(_ operatorName: String, _ keyMember: JSONMember) {
        let key = keyMember.key
        let (code, effect): (String, String)
        if operatorName.hasPrefix("ForAllValues:") {
            (code, effect) = ("EMPTY_ARRAY_CONDITION_FORALLVALUES", "matches only when `\(key)` is missing from the request")
        } else if operatorName.hasPrefix("ForAnyValue:") {
            (code, effect) = ("EMPTY_ARRAY_CONDITION_FORANYVALUE", "never matches")
        } else if operatorName.hasSuffix("IfExists") {
            (code, effect) = ("EMPTY_ARRAY_CONDITION_IFEXISTS", "matches only when `\(key)` is missing from the request")
        } else {
            (code, effect) = ("EMPTY_ARRAY_CONDITION", "has no values to match")
        }
        report(.emptyCondition, "condition key `\(key)` under `\(operatorName)` \(effect)", at: keyMember.value.span,
            issueCode: code)
    }

    // MARK: - Sids and keys

    mutating func reportDuplicateSids(_ statements: [Statement]) {
        var seen: [String: Located<String>] = [:]
        let required = policyType == .resource
        for statement in statements {
            guard let sid = statement.sid, !sid.value.isEmpty else { continue }
            if seen[sid.value] != nil {
                report(.duplicateSid, "`Sid` `\(sid.value)` is used by more than one statement", at: sid.span,
                    issueCode: required ? "UNIQUE_SIDS_REQUIRED" : "UNIQUE_SIDS_RECOMMENDED",
                    severity: required ? .error : .warning)
            } else {
                seen[sid.value] = sid
            }
        }
    }

    /// Members in source order, keeping only the last of each repeated key.
    func lastOccurrences(_ members: [JSONMember]) -> [JSONMember] {
        guard members.count > 1 else { return members }
        let repeated = duplicateIndices(members, keepingLast: true)
        if repeated.isEmpty { return members }
        let dropped = Set(repeated)
        return members.indices.filter { !dropped.contains($0) }.map { members[$0] }
    }

    /// Indices of members whose key also appears elsewhere: every occurrence after the first
    /// (or, with `keepingLast`, every occurrence before the last). Policy objects are small,
    /// so pairwise comparison beats hashing for them.
    func duplicateIndices(_ members: [JSONMember], keepingLast: Bool = false) -> [Int] {
        guard members.count > 1 else { return [] }
        var result: [Int] = []
        if members.count <= 16 {
            for i in members.indices {
                let others = keepingLast ? (i + 1)..<members.count : 0..<i
                for j in others where members[j].key == members[i].key {
                    result.append(i)
                    break
                }
            }
            return result
        }
        var seen: [String: Int] = [:]
        for member in members { seen[member.key, default: 0] += 1 }
        var remaining = seen
        for (index, member) in members.enumerated() where seen[member.key]! > 1 {
            let left = remaining[member.key]!
            remaining[member.key] = left - 1
            let isFirst = left == seen[member.key]!
            let isLast = left == 1
            if keepingLast ? !isLast : !isFirst { result.append(index) }
        }
        return result
    }

    mutating func reportUnknownElement(_ member: JSONMember, expected: [String], level: String) {
        let suggestion = Suggestions.closest(to: member.key, among: expected)
        report(.unknownElement, "`\(member.key)` is not a \(level) element", at: member.keySpan,
            help: suggestion.map { "did you mean `\($0)`?" } ?? "expected one of \(expected.joined(separator: ", "))")
    }

    // MARK: - Typed values

    mutating func string(_ value: JSONValue, element: String) -> Located<String>? {
        guard let text = value.stringValue else {
            report(.dataTypeMismatch, "expected `\(element)` to be a string, found \(value.typeDescription)",
                at: value.span)
            return nil
        }
        return Located(text, span: value.span)
    }

    mutating func stringList(_ value: JSONValue, element: String) -> [Located<String>]? {
        switch value.kind {
        case .string(let text):
            return [Located(text, span: value.span)]
        case .array(let elements):
            var values: [Located<String>] = []
            values.reserveCapacity(elements.count)
            for entry in elements {
                if let text = entry.stringValue {
                    values.append(Located(text, span: entry.span))
                } else {
                    report(.dataTypeMismatch,
                        "expected each entry of `\(element)` to be a string, found \(entry.typeDescription)",
                        at: entry.span)
                }
            }
            return values
        default:
            report(.dataTypeMismatch,
                "expected `\(element)` to be a string or an array of strings, found \(value.typeDescription)",
                at: value.span)
            return nil
        }
    }

    mutating func report(
        _ check: GrammarCheck, _ message: String, at span: SourceSpan, help: String? = nil, issueCode: String? = nil,
        severity: Severity? = nil
    ) {
        findings.append(check.finding(message, at: span, help: help, issueCode: issueCode, severity: severity))
    }
}

/// The statement elements that were written, by name; a fixed table rather than a
/// dictionary because a statement has at most nine of them.
struct PresentElements {
    private var members: [JSONMember?] = Array(repeating: nil, count: PolicyDecoder.statementElements.count)

    subscript(name: String) -> JSONMember? {
        get { PolicyDecoder.statementElements.firstIndex(of: name).flatMap { members[$0] } }
        set {
            if let index = PolicyDecoder.statementElements.firstIndex(of: name) { members[index] = newValue }
        }
    }
}

private func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    default: return false
    }
}

extension PolicyType {
    /// The name used in messages ("identity policies do not support …").
    public var displayName: String {
        switch self {
        case .identity: return "identity"
        case .resource: return "resource-based"
        case .trust: return "role trust"
        case .boundary: return "permissions boundary"
        case .scp: return "service control"
        case .rcp: return "resource control"
        case .session: return "session"
        }
    }
}
