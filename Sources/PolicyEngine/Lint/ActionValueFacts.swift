/// What the catalog says about one Action value (`s3:Get*`), worked out once per run and
/// shared by every policy and rule: managed policies repeat the same values thousands of times.
/// A policy looks each of its values up once (`LintContext.actionFacts(of:)`); rules then read
/// the answers from the statement's list instead of hashing the text again. Each answer is
/// computed when first asked for: `*` is expanded only by a rule that needs every action.
final class ActionValueFacts: @unchecked Sendable {
    let value: String
    /// The value lower-cased and hashed, for `ActionValueIndex`.
    let name: LoweredName
    let hasWildcard: Bool
    /// The lower-cased value compiled.
    let pattern: GlobPattern
    private let catalog: ServiceCatalog
    private let lock = Lock()
    private var knownResolution: ActionResolution?
    private var knownExpansion: [Action]?
    private var knownCurrentActions: [Action]?

    private init(_ value: String, catalog: ServiceCatalog) {
        self.value = value
        self.catalog = catalog
        name = LoweredName(value.lowercased())
        hasWildcard = value.hasWildcard
        pattern = GlobPattern(name.text)
    }

    private static let memo = CatalogMemo<ActionValueFacts>()

    static func of(_ value: String, catalog: ServiceCatalog) -> ActionValueFacts {
        memo.value(for: value, catalog: catalog) { ActionValueFacts(value, catalog: catalog) }
    }

    /// What the value names: current or retired actions, or an unknown service or action.
    var resolution: ActionResolution {
        lock.withLock { resolutionLocked() }
    }

    private func resolutionLocked() -> ActionResolution {
        if let knownResolution { return knownResolution }
        let (answer, expansion) = catalog.resolveExpanding(value)
        knownResolution = answer
        if hasWildcard, let expansion { knownExpansion = expansion }
        return answer
    }

    /// Every action the value matches, retired ones included.
    var expansion: [Action] {
        lock.withLock { expansionLocked() }
    }

    /// `expansion` without retired actions.
    var currentActions: [Action] {
        lock.withLock {
            if let knownCurrentActions { return knownCurrentActions }
            let answer = expansionLocked().filter { !$0.isDeprecated }
            knownCurrentActions = answer
            return answer
        }
    }

    private func expansionLocked() -> [Action] {
        if let knownExpansion { return knownExpansion }
        let answer: [Action]
        if hasWildcard {
            // Every policy asks for the resolution first, which usually settles this too.
            _ = resolutionLocked()
            if let knownExpansion { return knownExpansion }
            answer = catalog.expand(value, includeDeprecated: true)
        } else {
            // A named action: the one the resolution (which every policy asks for) looks up.
            switch resolutionLocked() {
            case .known(let named) where named.count == 1, .deprecated(let named) where named.count == 1: answer = named
            default: answer = catalog.action(value).map { [$0] } ?? []
            }
        }
        knownExpansion = answer
        return answer
    }
}
