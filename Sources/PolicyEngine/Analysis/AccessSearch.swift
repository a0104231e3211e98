/// The statements of a question and what each is for: a request is sought that some allow of
/// the policy under test matches, none of its denies, and that the reference policy does not
/// allow (none of its allows, or one of its denies).
struct AccessQuestion {
    var statements: [CompiledStatement]
    /// How many statements the sets count.
    var count: Int
    var newAllows: StatementSet
    var newDenies: StatementSet
    var oldAllows: StatementSet
    var oldDenies: StatementSet

    init(new: [CompiledStatement], old: [CompiledStatement]) {
        let new = new.flatMap(Self.split)
        let old = old.flatMap(Self.split)
        statements = new + old
        count = statements.count
        newAllows = StatementSet(count: count)
        newDenies = StatementSet(count: count)
        oldAllows = StatementSet(count: count)
        oldDenies = StatementSet(count: count)
        for (index, statement) in statements.enumerated() {
            switch (index < new.count, statement.effect) {
            case (true, .allow): newAllows.insert(index)
            case (true, .deny): newDenies.insert(index)
            case (false, .allow): oldAllows.insert(index)
            case (false, .deny): oldDenies.insert(index)
            }
        }
    }

    /// A question over candidates already built: allows only, no denies.
    init(count: Int, newAllows: StatementSet, oldAllows: StatementSet) {
        statements = []
        self.count = count
        self.newAllows = newAllows
        self.oldAllows = oldAllows
        newDenies = StatementSet(count: count)
        oldDenies = StatementSet(count: count)
    }

    /// A statement whose Resource holds entries with policy variables, as statements without them:
    /// one for its fixed entries and one per variable entry, which applies when that entry (an
    /// opaque fact) matches. Under NotResource, one statement that needs every variable entry not
    /// to match. A policy allows or denies with any of its statements, so this changes nothing.
    static func split(_ statement: CompiledStatement) -> [CompiledStatement] {
        guard let resources = statement.resources,
            resources.contains(where: { if case .template = $0 { return true } else { return false } })
        else { return [statement] }
        var fixed: [CompiledStatement.ResourceValue] = []
        var variable: [String] = []
        for value in resources {
            switch value {
            case .fixed: fixed.append(value)
            case .template(let parts): variable.append("Resource\u{0}" + parts.map(\.text).joined())
            }
        }
        if statement.resourcesNegated {
            return [CompiledStatement(statement, resources: fixed, negated: true, opaque: variable.map { ($0, false) })]
        }
        return (fixed.isEmpty ? [] : [CompiledStatement(statement, resources: fixed, negated: false, opaque: [])])
            + variable.map { CompiledStatement(statement, resources: nil, negated: false, opaque: [($0, true)]) }
    }

    /// Whether a request matching exactly `matched` is one sought.
    func isAnswer(_ matched: StatementSet) -> Bool {
        matched.intersects(newAllows) && !matched.intersects(newDenies)
            && (!matched.intersects(oldAllows) || matched.intersects(oldDenies))
    }
}

/// A depth-first walk over the candidate requests, one dimension at a time, keeping the set
/// of statements a partial request can still match. Candidates that leave the same set are
/// tried once, a set already explored at a depth is not explored again, and a branch stops as
/// soon as its outcome is settled: no allow of the new policy left, a deny of it certain, or
/// an allow of the old one certain with none of its denies left.
enum AccessSearch {
    /// Calls `visit` with the chosen candidate of every dimension for each answer found, until
    /// it returns true. Returns true when `visit` stopped the walk.
    static func run(_ space: RequestSpace, _ question: AccessQuestion, visit: ([Int]) -> Bool) -> Bool {
        let dimensions = space.dimensions
        if dimensions.contains(where: \.candidates.isEmpty) { return false }
        let count = question.count
        // Statements some dimension at or after each depth can still rule out.
        var constrained = Array(repeating: StatementSet(count: count), count: dimensions.count + 1)
        for depth in stride(from: dimensions.count - 1, through: 0, by: -1) {
            var always = StatementSet(count: count, filled: true)
            for candidate in dimensions[depth].candidates { always = always.intersection(candidate.matches) }
            constrained[depth] = constrained[depth + 1].union(StatementSet(count: count, filled: true).subtracting(always))
        }
        var explored = Array(repeating: Set<StatementSet>(), count: dimensions.count + 1)
        var choice = Array(repeating: 0, count: dimensions.count)

        func walk(_ depth: Int, _ possible: StatementSet) -> Bool {
            guard possible.intersects(question.newAllows) else { return false }
            let certain = possible.subtracting(constrained[depth])
            if certain.intersects(question.newDenies) { return false }
            if certain.intersects(question.oldAllows), !possible.intersects(question.oldDenies) { return false }
            if certain.intersects(question.newAllows), !possible.intersects(question.newDenies),
                !possible.intersects(question.oldAllows) || certain.intersects(question.oldDenies)
            {
                // Every completion is an answer: take the first candidate of each remaining part.
                for rest in depth..<dimensions.count { choice[rest] = 0 }
                if visit(choice) { return true }
            }
            if depth == dimensions.count { return false }
            guard explored[depth].insert(possible).inserted else { return false }
            var tried = Set<StatementSet>()
            for (index, candidate) in dimensions[depth].candidates.enumerated() {
                let next = possible.intersection(candidate.matches)
                guard tried.insert(next).inserted else { continue }
                choice[depth] = index
                if walk(depth + 1, next) { return true }
            }
            return false
        }
        return walk(0, StatementSet(count: count, filled: true))
    }
}
