/// `s*:GetObject`: a wildcard in the service prefix.
struct WildcardInServiceNameRule: LintRule {
    static let description = RuleDescription(
        id: "wildcard-in-service-name",
        summary: "Service prefixes should not contain wildcards",
        rationale: """
            A wildcard in the service prefix matches every service whose name fits, including ones \
            AWS launches later: `s3*:Get*` reaches s3express and s3-outposts as well as s3.
            """,
        severity: .suggestion, category: .validity, issueCode: "WILDCARD_IN_SERVICE_NAME",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ↓"s3*:GetObject", "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "*"], "Resource": "*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for statement in context.policy.statements {
            guard let values = statement.action?.values else { continue }
            for value in values where value.value != "*" {
                guard Self.serviceHasWildcard(value.value) else { continue }
                findings.append(RuleFinding("the service part of `\(value.value)` has a wildcard", at: value.span))
            }
        }
        return findings
    }

    /// Whether the part before the first `:` holds a wildcard (false without a `:`). Read as
    /// bytes while the text is ASCII, where bytes and characters agree.
    static func serviceHasWildcard(_ text: String) -> Bool {
        var wildcard = false
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte >= 0x80 { return characterServiceHasWildcard(text) }
            if byte == UInt8(ascii: ":") {
                // A non-ASCII byte next could join the colon into another character.
                guard let next = bytes.next() else { return wildcard }
                return next < 0x80 ? wildcard : characterServiceHasWildcard(text)
            }
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") { wildcard = true }
        }
        return false
    }

    private static func characterServiceHasWildcard(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        return String(text[..<colon]).hasWildcard
    }
}
