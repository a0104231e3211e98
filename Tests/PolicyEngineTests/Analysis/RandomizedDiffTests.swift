import Testing

@testable import PolicyEngine

/// Seeded random policy pairs: whenever `diff` says "no new access", random requests must never
/// find one that NEW allows and OLD denies; whenever it finds new access, its witness must hold.
@Suite struct RandomizedDiffTests {
    struct Tally {
        var none = 0
        var found = 0
        var possible = 0
    }

    func pairs(_ generator: inout CaseGenerator, withPrincipal: Bool) -> (old: [String], new: [String]) {
        let base = (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in generator.statement(withPrincipal: withPrincipal) }
        let other = generator.statement(withPrincipal: withPrincipal)
        switch Int.random(in: 0..<4, using: &generator.random) {
        case 0:  // unrelated policies
            return (base, (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in generator.statement(withPrincipal: withPrincipal) })
        case 1:  // a statement dropped
            return (base + [other], base)
        case 2:  // a statement added
            return (base, base + [other])
        default:  // the same policy, reordered
            return (base, base.reversed())
        }
    }

    func text(_ statements: [String]) -> String { statements.joined(separator: ", ") }

    func run(_ type: PolicyType, seed: UInt64, pairCount: Int, requestsPerPair: Int) throws -> Tally {
        var generator = CaseGenerator(random: SeededGenerator(state: seed))
        var tally = Tally()
        for pair in 0..<pairCount {
            let (oldStatements, newStatements) = pairs(&generator, withPrincipal: type.requiresPrincipal)
            let verdict = try diff(text(oldStatements), text(newStatements), type)
            if verdict.found {
                if verdict.exact { tally.found += 1 } else { tally.possible += 1 }
                continue
            }
            tally.none += 1
            let old = compiled(text(oldStatements), type, name: "old.json")
            let new = compiled(text(newStatements), type, name: "new.json")
            for _ in 0..<requestsPerPair {
                let request = generator.request()
                // Identity-based policies cannot be attached to the root user, which has every permission.
                if !type.requiresPrincipal, request.principal.isRoot { continue }
                if evaluatorAllows(new, type, request), !evaluatorAllows(old, type, request) {
                    Issue.record("""
                        pair \(pair): diff said no new access, but NEW allows \(request.action) on \(request.resource) \
                        by \(request.principal.text) with \(request.context) and OLD does not.
                        OLD: \(text(oldStatements))
                        NEW: \(text(newStatements))
                        """)
                    return tally
                }
            }
        }
        return tally
    }

    @Test func identityPolicyPairs() throws {
        let tally = try run(.identity, seed: 20_261_209, pairCount: 1_000, requestsPerPair: 200)
        // Both answers must be common, or agreement means little.
        #expect(tally.none > 200 && tally.found > 200, "\(tally)")
    }

    @Test func resourcePolicyPairs() throws {
        let tally = try run(.resource, seed: 9_091_209, pairCount: 600, requestsPerPair: 200)
        #expect(tally.none > 100 && tally.found > 100, "\(tally)")
    }
}
