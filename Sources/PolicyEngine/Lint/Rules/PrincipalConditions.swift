/// Condition keys that limit who (or which resource or network) a grant to a broad principal
/// reaches; any of them makes `"Principal": "*"` something narrower than public.
enum PrincipalConditions {
    static let restrictingKeys: Set<String> = [
        "aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner",
        "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:userid",
        "aws:sourcevpce", "aws:sourcevpc", "aws:sourceip", "aws:vpcsourceip", "aws:principalservicename",
        "aws:principalisawsservice", "aws:username", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
        "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
        "kms:calleraccount", "kms:viaservice", "lambda:functionarn", "sns:endpoint",
    ]

    /// True when some clause narrows the principal. `StringLike` with a value of only `*`
    /// narrows nothing.
    static func restricts(_ statement: Statement) -> Bool {
        guard let condition = statement.condition else { return false }
        return condition.clauses.contains { clause in
            guard restrictingKeys.contains(clause.key.value.lowercased()) else { return false }
            if clause.operatorName.value.hasPrefix("Null") { return false }
            return !clause.values.allSatisfy { $0.value.text.isWildcardOnly }
        }
    }

    /// The span of `"*"` or `{"AWS": "*"}` when the statement's principal is everyone.
    static func everyoneSpan(_ statement: Statement) -> SourceSpan? {
        guard let principal = statement.principal, !principal.isNegated else { return nil }
        switch principal.value {
        case .wildcard: return principal.valueSpan
        case .entries(let entries):
            for entry in entries where entry.kind == .aws {
                if let star = entry.values.first(where: { $0.value == "*" }) { return star.span }
            }
            return nil
        }
    }
}
