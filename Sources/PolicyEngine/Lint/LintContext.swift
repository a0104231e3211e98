/// What a rule sees: the decoded policy, its type, the action catalog, and the questions
/// several rules ask ("which actions does this statement allow?", "is this action granted
/// without a restricting condition and not denied elsewhere in the policy?").
public final class LintContext: @unchecked Sendable {
    public let document: PolicyDocument
    public let policy: Policy
    public let policyType: PolicyType
    public let catalog: ServiceCatalog

    public init(document: PolicyDocument, policy: Policy, catalog: ServiceCatalog = .shared) {
        self.document = document
        self.policy = policy
        self.policyType = document.policyType
        self.catalog = catalog
        slots = (policy.statements.last?.index ?? -1) + 1
        compiledCache = Array(repeating: nil, count: policy.statements.count)
        actionCache = Array(repeating: nil, count: slots)
        factsCache = Array(repeating: nil, count: slots)
        valueIndexCache = Array(repeating: nil, count: slots)
    }

    // Answers per statement live in arrays indexed by the statement's index: every rule asks,
    // and hashing an Int per question added up. Indices grow with position (a statement that
    // failed to decode leaves a gap), so the last one bounds them; a statement from elsewhere
    // is answered without caching. Stored, not lazy: setting an element of a lazy array
    // copies the whole array first.
    private let slots: Int
    private var compiledCache: [CompiledStatement?]

    /// A statement (by position) as the evaluator prepares it, for the rules that reason with the analysis.
    func compiled(_ position: Int) -> CompiledStatement {
        if let cached = compiledCache[position] { return cached }
        let statement = policy.statements[position]
        let compiled = CompiledStatement(statement, substitutesVariables: policy.substitutesVariables,
            actionPatterns: actionFacts(of: statement).map(\.pattern))
        compiledCache[position] = compiled
        return compiled
    }

    public private(set) lazy var allowStatements: [Statement] = policy.statements.filter { $0.effect?.value == .allow }
    public private(set) lazy var denyStatements: [Statement] = policy.statements.filter { $0.effect?.value == .deny }
    /// Deny statements that apply to every resource with no condition: they take actions away outright.
    private lazy var absoluteDenies: [Statement] = denyStatements.filter { deny in
        deny.condition == nil && deny.principal == nil && coversEveryResource(deny) && deny.resource?.isNegated != true
    }

    // MARK: - Actions

    private var actionCache: [[Action]?]

    /// The catalog actions a statement's Action (or NotAction) covers, deprecated ones included.
    public func actions(of statement: Statement) -> [Action] {
        let cacheable = statement.index >= 0 && statement.index < slots
        if cacheable, let cached = actionCache[statement.index] { return cached }
        guard let element = statement.action else { return [] }
        var result: [Action]
        if element.isNegated {
            catalog.loadAllServices()
            let values = actionValues(of: statement)
            result = catalog.allActions.filter { !values.matches($0.fullName.lowercased()) }
        } else if element.values.count == 1 {
            result = actionFacts(of: statement)[0].expansion
        } else {
            result = []
            // Drops repeats with a bitmap per service: expansions come grouped by service, so
            // that is one lookup per run of actions rather than a hash per action.
            var seen: [ObjectIdentifier: [Bool]] = [:]
            for facts in actionFacts(of: statement) {
                let expansion = facts.expansion
                var start = 0
                while start < expansion.count {
                    let storage = expansion[start].storage
                    var end = start + 1
                    while end < expansion.count, expansion[end].storage === storage { end += 1 }
                    let key = ObjectIdentifier(storage)
                    var marks = seen.removeValue(forKey: key) ?? Array(repeating: false, count: storage.actions.count)
                    for action in expansion[start..<end] where !marks[action.index] {
                        marks[action.index] = true
                        result.append(action)
                    }
                    seen[key] = marks
                    start = end
                }
            }
        }
        if cacheable { actionCache[statement.index] = result }
        return result
    }

    private var factsCache: [[ActionValueFacts]?]

    /// The catalog's answers for each of the statement's Action (or NotAction) values, in order.
    func actionFacts(of statement: Statement) -> [ActionValueFacts] {
        let cacheable = statement.index >= 0 && statement.index < slots
        if cacheable, let cached = factsCache[statement.index] { return cached }
        let facts = (statement.action?.values ?? []).map { ActionValueFacts.of($0.value, catalog: catalog) }
        if cacheable { factsCache[statement.index] = facts }
        return facts
    }

    /// Whether a statement's Action/NotAction covers `action` (a full name, any case).
    public func statement(_ statement: Statement, covers action: String) -> Bool {
        self.statement(statement, covers: LoweredName(action.lowercased()))
    }

    func statement(_ statement: Statement, covers name: LoweredName) -> Bool {
        guard let element = statement.action else { return false }
        return actionValues(of: statement).matches(name) != element.isNegated
    }

    private var valueIndexCache: [ActionValueIndex?]

    /// The statement's Action/NotAction values, indexed once for the policy's lifetime.
    func actionValues(of statement: Statement) -> ActionValueIndex {
        let cacheable = statement.index >= 0 && statement.index < slots
        if cacheable, let cached = valueIndexCache[statement.index] { return cached }
        let index = ActionValueIndex(actionFacts(of: statement))
        if cacheable { valueIndexCache[statement.index] = index }
        return index
    }

    // MARK: - Resources

    /// True when the statement's resources cover every resource: `Resource: "*"`, or a
    /// NotResource (which allows all but a few).
    public func coversEveryResource(_ statement: Statement) -> Bool {
        guard let resource = statement.resource else { return policyType == .trust }
        if resource.isNegated { return true }
        return resource.values.contains { $0.value.isWildcardOnly }
    }

    /// The span of the `"*"` resource (or of the NotResource key), for findings.
    public func everyResourceSpan(_ statement: Statement) -> SourceSpan {
        guard let resource = statement.resource else { return statement.span }
        if resource.isNegated { return resource.keySpan }
        return resource.values.first { $0.value.isWildcardOnly }?.span ?? resource.valueSpan
    }

    // MARK: - Grants

    /// Whether the statement's condition really limits who can use the grant. Conditions only
    /// on transport, time, region, MFA or the user agent do not: an administrator restricted
    /// to TLS is still an administrator.
    public func hasRestrictingCondition(_ statement: Statement) -> Bool {
        guard let condition = statement.condition else { return false }
        return condition.clauses.contains { clause in
            !LintContext.nonRestrictingKeys.contains(clause.key.value.lowercased())
        }
    }

    static let nonRestrictingKeys: Set<String> = [
        "aws:securetransport", "aws:currenttime", "aws:epochtime", "aws:requestedregion", "aws:multifactorauthpresent",
        "aws:multifactorauthage", "aws:useragent", "aws:referer", "aws:tokenissuetime",
    ]

    /// Whether some Deny statement of this policy takes `action` away on every resource,
    /// with no condition: then no Allow in the policy grants it.
    public func isDeniedEverywhere(_ action: String) -> Bool {
        if absoluteDenies.isEmpty { return false }
        let name = LoweredName(action.lowercased())
        return absoluteDenies.contains { self.statement($0, covers: name) }
    }

    /// `isDeniedEverywhere` for a catalog action: most policies deny nothing outright, and then
    /// the action's name is not even built.
    public func isDeniedEverywhere(_ action: Action) -> Bool {
        !absoluteDenies.isEmpty && isDeniedEverywhere(action.fullName)
    }

    private lazy var broadAllows: [BroadAllow] = allowStatements
        .filter { coversEveryResource($0) && !hasRestrictingCondition($0) }
        .map { BroadAllow(statement: $0, values: actionValues(of: $0)) }

    /// An Allow on every resource with its value index: a class, so a query walking them
    /// copies a statement only to return it.
    private final class BroadAllow {
        let statement: Statement
        let values: ActionValueIndex
        /// Whether it uses NotAction; nil with neither Action nor NotAction.
        let isNegated: Bool?

        init(statement: Statement, values: ActionValueIndex) {
            self.statement = statement
            self.values = values
            isNegated = statement.action?.isNegated
        }
    }

    /// The Allow statements that grant `action` on every resource with no restricting
    /// condition, when no Deny in the policy takes it away.
    public func unconstrainedGrants(of action: String) -> [Statement] { unconstrainedGrants(of: ActionName(action)) }

    /// `unconstrainedGrants(of:)` for a name lower-cased once: rules ask the same fixed names
    /// of every policy, and each answer is then a lookup or two per broad statement.
    public func unconstrainedGrants(of action: ActionName) -> [Statement] {
        var grants: [Statement] = []
        forEachUnconstrainedGrant(of: action) { statement in
            grants.append(statement)
            return true
        }
        return grants
    }

    /// The first of `unconstrainedGrants(of:)`, without building the list: rules that only ask
    /// "is it granted?" ask it of dozens of names per policy.
    public func firstUnconstrainedGrant(of action: ActionName) -> Statement? {
        var first: Statement?
        forEachUnconstrainedGrant(of: action) { statement in
            first = statement
            return false
        }
        return first
    }

    /// Calls `body` with each unconstrained grant of `action`, in order, while it returns true.
    private func forEachUnconstrainedGrant(of action: ActionName, _ body: (Statement) -> Bool) {
        // Most policies scope their grants: then there is nothing to look up at all.
        let broadAllows = self.broadAllows
        if broadAllows.isEmpty { return }
        let absoluteDenies = self.absoluteDenies
        if !absoluteDenies.isEmpty, absoluteDenies.contains(where: { self.statement($0, covers: action.name) }) {
            return
        }
        for broad in broadAllows {
            guard let isNegated = broad.isNegated, broad.values.matches(action.name) != isNegated else { continue }
            if !body(broad.statement) { return }
        }
    }

    /// The span of the action value that covers `action` in `statement` (the NotAction key
    /// when the statement uses NotAction).
    public func actionSpan(in statement: Statement, for action: String) -> SourceSpan {
        guard let element = statement.action else { return statement.span }
        if element.isNegated { return element.keySpan }
        return actionValues(of: statement).firstMatch(action.lowercased()).map { element.values[$0].span } ?? element.valueSpan
    }
}

/// An action name a rule asks about, such as `iam:PassRole`, with its lower-cased form.
public struct ActionName: Sendable {
    public let text: String
    let name: LoweredName

    public init(_ text: String) {
        self.text = text
        name = LoweredName(text.lowercased())
    }
}

extension ServiceCatalog {
    /// Every action of every service, retired ones included (loads the whole catalog).
    var allActions: [Action] {
        (servicePrefixes + retiredServicePrefixes).flatMap { service($0)?.actions ?? [] }
    }
}

/// Answers about action values worked out once per run and shared by every policy: managed
/// policies repeat the same values (`s3:Get*`, `ec2:Describe*`) thousands of times. Keyed on
/// the lower-cased value; only answers from the shared catalog are kept.
final class CatalogMemo<Value>: @unchecked Sendable {
    private let lock = Lock()
    /// Answers by text with its ASCII letters lower-cased, when their case does not matter.
    private var answers: [HashedText: Value] = [:]
    /// Every answer by the text as written, so a repeat is found without lower-casing.
    private var byExactText: [HashedText: Value] = [:]
    /// Keys are lower-cased unless the answer depends on case (ARN segments, messages quoting the text).
    private let caseSensitive: Bool

    init(caseSensitive: Bool = false) {
        self.caseSensitive = caseSensitive
    }

    func value(for text: String, catalog: ServiceCatalog, compute: () -> Value) -> Value {
        guard catalog === ServiceCatalog.shared else { return compute() }
        let exact = HashedText(text)
        if let known = lock.withLock({ byExactText[exact] }) { return known }
        let answer: Value
        if caseSensitive {
            answer = compute()
        } else {
            // Folded as the catalog folds (ASCII only): texts that differ in more than ASCII
            // case may have different answers.
            let key = HashedText(CaseFold.lowered(text))
            if let known = lock.withLock({ answers[key] }) {
                answer = known
            } else {
                answer = compute()
                lock.withLock { answers[key] = answer }
            }
        }
        lock.withLock { byExactText[exact] = answer }
        return answer
    }
}
