/// The value type of a condition key as the catalog gives it, for the rules that compare it
/// with the operator: global keys, service keys and their templates (`aws:ResourceTag/x`).
/// Identity-provider keys and keys the catalog does not type give nil: the rules then say nothing.
extension LintContext {
    private static let keyTypes = CatalogMemo<ConditionKeyType?>()

    func keyType(of key: String) -> ConditionKeyType? {
        Self.keyTypes.value(for: key, catalog: catalog) { catalog.conditionKey(named: key)?.type }
    }
}

extension ConditionKeyType {
    /// The type of one value: `ArrayOfString` holds Strings.
    var elementType: ConditionKeyType {
        switch self {
        case .arrayOfString: .string
        case .arrayOfARN: .arn
        case .arrayOfBool: .bool
        default: self
        }
    }
}

/// Every condition clause of the policy whose operator IAM knows, with the operator parsed
/// (unknown operators are `unknown-condition-operator`'s concern).
extension LintContext {
    /// Several rules parse every clause's operator, and a run sees a few dozen names: parse
    /// each once. Keyed on the name as written, since operator names are case-sensitive.
    private static let operators = CatalogMemo<ConditionOperator?>(caseSensitive: true)

    func conditionOperator(named name: String) -> ConditionOperator? {
        Self.operators.value(for: name, catalog: catalog) { ConditionOperator(name) }
    }

    func forEachClause(_ body: (Statement, ConditionClause, ConditionOperator) -> Void) {
        for statement in policy.statements {
            for clause in statement.condition?.clauses ?? [] {
                guard let op = conditionOperator(named: clause.operatorName.value) else { continue }
                body(statement, clause, op)
            }
        }
    }
}
