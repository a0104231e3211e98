@testable import PolicyEngine

/// A deliberately plain evaluator, written straight from the AWS rules with no compilation,
/// indexing or shared matching code: it reads the decoded `Policy` model directly. The
/// differential test checks the real engine against it.
///
/// It supports what the random generator produces: Action/NotAction, Resource/NotResource,
/// Principal/NotPrincipal with AWS and Service entries, and the String, Numeric, Bool and
/// Null operators with IfExists and the set qualifiers.
struct ReferenceEvaluator {
    struct Input {
        var identity: [Policy] = []
        var resource: Policy?
        var boundaries: [Policy] = []
        var sessions: [Policy] = []
        var scps: [[Policy]] = []
        var rcps: [[Policy]] = []
    }

    enum Grant: Int { case account = 0, role = 1, direct = 2 }

    let request: AuthorizationRequest

    func decide(_ input: Input) -> Decision {
        let p = request.principal
        let isIAM: Bool
        switch p {
        case .user, .roleSession, .federatedUser, .root: isIAM = true
        default: isIAM = false
        }
        var isSession = false
        var isFederatedUser = false
        if case .roleSession = p { isSession = true }
        if case .federatedUser = p { isSession = true; isFederatedUser = true }
        var isRoot = false
        if case .root = p { isRoot = true }

        let callerAccount = request.principalAccount ?? p.account
        var resourceAccount = request.resourceAccount
        if resourceAccount == nil {
            let parts = request.resource.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 6, !parts[4].isEmpty { resourceAccount = String(parts[4]) } else { resourceAccount = callerAccount }
        }
        let same = callerAccount != nil && callerAccount == resourceAccount
        var serviceLinked = false
        if case .roleSession(_, _, let path?, _) = p, path.hasPrefix("/aws-service-role/") { serviceLinked = true }
        let scpsApply = isIAM && !input.scps.isEmpty && !request.principalAccountIsManagementAccount && !serviceLinked
        let rcpsApply = !input.rcps.isEmpty && !(same && request.principalAccountIsManagementAccount)

        // Every policy that applies, and whether it checks Principal.
        var applicable: [(Policy, Bool)] = []
        if isIAM { applicable += input.identity.map { ($0, false) } + input.boundaries.map { ($0, false) } }
        if isSession { applicable += input.sessions.map { ($0, false) } }
        if scpsApply { applicable += input.scps.flatMap { $0 }.map { ($0, false) } }
        if rcpsApply { applicable += input.rcps.flatMap { $0 }.map { ($0, true) } }
        if let resource = input.resource { applicable.append((resource, true)) }
        for (policy, checksPrincipal) in applicable where !matching(policy, .deny, checksPrincipal).isEmpty {
            return .explicitDeny
        }
        if rcpsApply, input.rcps.contains(where: { level in level.allSatisfy { matching($0, .allow, true).isEmpty } }) {
            return .implicitDeny
        }
        if scpsApply, input.scps.contains(where: { level in level.allSatisfy { matching($0, .allow, false).isEmpty } }) {
            return .implicitDeny
        }
        let identityAllows = isRoot || input.identity.contains { !matching($0, .allow, false).isEmpty }
        let boundaryAllows = input.boundaries.allSatisfy { !matching($0, .allow, false).isEmpty }
        var sessionAllows = true
        if isSession {
            sessionAllows = input.sessions.isEmpty ? !isFederatedUser : input.sessions.contains { !matching($0, .allow, false).isEmpty }
        }
        let grant = input.resource.flatMap { matching($0, .allow, true).max { $0.rawValue < $1.rawValue } }
        let action = request.action.lowercased()
        let ownPolicyRequired = ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"].contains(action)
            || action.hasPrefix("kms:")
        if ownPolicyRequired, grant == nil { return .implicitDeny }
        if !isIAM { return grant != nil ? .allowed : .implicitDeny }
        let identitySide = identityAllows && boundaryAllows && sessionAllows
        if !same { return grant != nil && identitySide ? .allowed : .implicitDeny }
        switch grant {
        case .direct?:
            if action.hasPrefix("sts:assumerole") { return boundaryAllows || identitySide ? .allowed : .implicitDeny }
            return .allowed
        case .role?:
            return (boundaryAllows && sessionAllows) || identitySide ? .allowed : .implicitDeny
        default:
            return identitySide ? .allowed : .implicitDeny
        }
    }

    /// The grants (principal match kinds) of the statements with `effect` that apply.
    func matching(_ policy: Policy, _ effect: Effect, _ checksPrincipal: Bool) -> [Grant] {
        var grants: [Grant] = []
        for statement in policy.statements where statement.effect?.value == effect {
            guard let actions = statement.action else { continue }
            let actionListed = actions.values.contains { wildcard($0.value.lowercased(), request.action.lowercased()) }
            guard actionListed != actions.isNegated else { continue }
            if let resources = statement.resource {
                let listed = resources.values.contains { resourceMatches($0.value, request.resource) }
                guard listed != resources.isNegated else { continue }
            }
            var grant = Grant.direct
            if checksPrincipal {
                guard let element = statement.principal else { continue }
                let best = principalGrant(element.value)
                if element.isNegated {
                    // Deny + NotPrincipal always applies to a principal with a boundary.
                    let alwaysApplies = effect == .deny && hasBoundary
                    if best != nil, !alwaysApplies { continue }
                    grant = .direct
                } else {
                    guard let best else { continue }
                    grant = best
                }
            }
            guard conditionsHold(statement.condition?.clauses ?? []) else { continue }
            grants.append(grant)
        }
        return grants
    }

    let hasBoundary: Bool

    func principalGrant(_ value: PrincipalValue) -> Grant? {
        guard case .entries(let entries) = value else { return .direct }
        var best: Grant?
        for entry in entries {
            for value in entry.values.map(\.value) {
                var grant: Grant?
                switch (entry.kind, request.principal) {
                case (.service, .service(let name)): grant = value == name ? .direct : nil
                case (.aws, _) where value == "*": grant = .direct
                case (.aws, .service), (.aws, .anonymous), (.aws, .federatedProvider): grant = nil
                case (.aws, let principal):
                    let account = principal.account ?? ""
                    if value == account || value == "arn:aws:iam::\(account):root" {
                        grant = .account
                    } else if case .roleSession(_, let role, _, let session) = principal {
                        if value == "arn:aws:iam::\(account):role/\(role)" { grant = .role }
                        if let session, value == "arn:aws:sts::\(account):assumed-role/\(role)/\(session)" { grant = .direct }
                    } else if value == principal.arn {
                        grant = .direct
                    }
                default: grant = nil
                }
                if let grant, grant.rawValue > (best?.rawValue ?? -1) { best = grant }
            }
        }
        return best
    }

    /// `*` and `?` by dynamic programming over characters: a different algorithm from the engine's.
    func wildcard(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var table = [[Bool]](repeating: [Bool](repeating: false, count: t.count + 1), count: p.count + 1)
        table[0][0] = true
        for i in stride(from: 1, through: p.count, by: 1) where p[i - 1] == "*" { table[i][0] = table[i - 1][0] }
        for i in stride(from: 1, through: p.count, by: 1) {
            for j in stride(from: 1, through: t.count, by: 1) {
                switch p[i - 1] {
                case "*": table[i][j] = table[i - 1][j] || table[i][j - 1]
                case "?": table[i][j] = table[i - 1][j - 1]
                default: table[i][j] = table[i - 1][j - 1] && p[i - 1] == t[j - 1]
                }
            }
        }
        return table[p.count][t.count]
    }

    func resourceMatches(_ pattern: String, _ resource: String) -> Bool {
        if pattern.allSatisfy({ $0 == "*" }) { return true }
        if resource == "*" { return false }
        let ps = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        let rs = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard rs.count == 6 else { return ps.count == 1 && wildcard(pattern, resource) }
        if ps.count == 6 { return zip(ps, rs).allSatisfy { wildcard($0, $1) } }
        guard ps.last?.hasSuffix("*") == true else { return false }
        for index in 0..<(ps.count - 1) where !wildcard(ps[index], rs[index]) { return false }
        return wildcard(ps[ps.count - 1], rs[(ps.count - 1)...].joined(separator: ":"))
    }

    func conditionsHold(_ clauses: [ConditionClause]) -> Bool {
        clauses.allSatisfy(clauseHolds)
    }

    func contextValues(_ key: String) -> [String]? {
        if let value = request.context[key] { return value.values }
        switch key.lowercased() {
        case "aws:principalarn": return request.principal.principalArnKey.map { [$0] }
        default: return nil
        }
    }

    func clauseHolds(_ clause: ConditionClause) -> Bool {
        var name = clause.operatorName.value
        var forAll = false
        var forAny = false
        if name.hasPrefix("ForAllValues:") { forAll = true; name.removeFirst("ForAllValues:".count) }
        if name.hasPrefix("ForAnyValue:") { forAny = true; name.removeFirst("ForAnyValue:".count) }
        var ifExists = false
        if name.hasSuffix("IfExists") { ifExists = true; name.removeLast("IfExists".count) }
        let policyValues = clause.values.map(\.value.text)
        let requestValues = contextValues(clause.key.value)
        if name == "Null" {
            return policyValues.contains { ($0 == "true") == (requestValues == nil) }
        }
        let negated = name.contains("Not")
        func one(_ value: String) -> Bool {
            let any = policyValues.contains { policyValue in
                switch name {
                case "StringEquals", "StringNotEquals": return policyValue == value
                case "StringLike", "StringNotLike": return wildcard(policyValue, value)
                case "NumericLessThan": return Double(value)! < Double(policyValue)!
                case "Bool": return policyValue.lowercased() == value.lowercased()
                default: fatalError("the generator made an operator the reference does not know: \(name)")
                }
            }
            return negated ? !any : any
        }
        if forAll { return (requestValues ?? []).allSatisfy(one) }
        if forAny { return (requestValues ?? []).contains(where: one) }
        guard let requestValues else { return ifExists || negated }
        return one(requestValues[0])
    }
}
