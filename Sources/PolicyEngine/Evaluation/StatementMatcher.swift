/// Whether one statement applies to a request: action, resource, principal (for policies
/// that name one) and every condition.
enum StatementMatcher {
    struct Match {
        var principal: PrincipalMatch
        var missingKeys: [String]
    }

    enum Outcome {
        case noMatch(missingKeys: [String])
        case match(Match)
        case error(EvaluationError)
    }

    /// The rest of the match for a statement whose action the caller has already matched
    /// (`actionMatches`), which is the cheap test that rules out most candidates.
    static func evaluate(
        _ statement: CompiledStatement, request: PreparedRequest, checksPrincipal: Bool
    ) -> Outcome {
        if let error = statement.error { return .error(error) }
        switch resourceMatches(statement, request.resource, context: request.context) {
        case .success(false): return .noMatch(missingKeys: [])
        case .failure(let error): return .error(error)
        case .success(true): break
        }
        var principalMatch = PrincipalMatch.direct
        if checksPrincipal {
            guard let match = PrincipalMatcher.match(statement, principal: request.context.principal,
                hasPermissionsBoundary: request.hasPermissionsBoundary)
            else { return .noMatch(missingKeys: []) }
            principalMatch = match
        }
        let conditions = ConditionEvaluator.evaluate(statement.conditions, context: request.context)
        if let error = conditions.error { return .error(error) }
        guard conditions.satisfied else { return .noMatch(missingKeys: conditions.missingKeys) }
        return .match(Match(principal: principalMatch, missingKeys: conditions.missingKeys))
    }

    static func actionMatches(_ statement: CompiledStatement, _ action: [UInt8]) -> Bool {
        action.withUnsafeBufferPointer { actionMatches(statement, $0) }
    }

    static func actionMatches(_ statement: CompiledStatement, _ action: UnsafeBufferPointer<UInt8>) -> Bool {
        // Borrow the patterns in place: copying each out of the array would retain its storage.
        let listed = statement.actions.withUnsafeBufferPointer { patterns in
            for index in patterns.indices where patterns[index].matches(action) { return true }
            return false
        }
        return listed != statement.actionsNegated
    }

    static func resourceMatches(_ statement: CompiledStatement, _ resource: ResourceView, context: EvaluationContext)
        -> Result<Bool, EvaluationError>
    {
        guard let resources = statement.resources else { return .success(true) }
        // Borrow the values in place: copying each out of the array would retain its patterns.
        let listed = resources.withUnsafeBufferPointer { values -> Result<Bool, EvaluationError> in
            for index in values.indices {
                switch values[index] {
                case .fixed(let pattern):
                    if pattern.matches(resource) { return .success(true) }
                case .template(let parts):
                    guard let resolved = ConditionEvaluator.resolve(parts, context: context, forPattern: true),
                        let pattern = resolved.glob
                    else {
                        // A variable with no value: this entry matches no resource. Under NotResource that
                        // would widen an Allow, and the docs do not settle it, so refuse to guess there.
                        if statement.resourcesNegated, statement.effect == .allow {
                            return .failure(EvaluationError(
                                "a policy variable in `NotResource` has no value in this request", span: statement.span))
                        }
                        continue
                    }
                    if ResourcePattern(pattern).matches(resource) { return .success(true) }
                }
            }
            return .success(false)
        }
        return listed.map { $0 != statement.resourcesNegated }
    }
}

/// Principal and NotPrincipal matching (IAM User Guide, "AWS JSON policy elements: Principal").
enum PrincipalMatcher {
    /// nil when the statement does not apply to the caller.
    static func match(_ statement: CompiledStatement, principal: RequestPrincipal, hasPermissionsBoundary: Bool)
        -> PrincipalMatch?
    {
        guard let element = statement.principal else { return nil }  // a resource statement must name one
        let best = bestMatch(element.value, principal: principal)
        if element.isNegated {
            // "NotPrincipal with a Deny effect will always deny any IAM principal that has a
            // permissions boundary policy attached" (IAM User Guide, permissions boundaries).
            if statement.effect == .deny, hasPermissionsBoundary { return .direct }
            return best == nil ? .direct : nil
        }
        return best
    }

    static func bestMatch(_ value: PrincipalValue, principal: RequestPrincipal) -> PrincipalMatch? {
        switch value {
        case .wildcard:
            return .direct
        case .entries(let entries):
            var best: PrincipalMatch?
            for entry in entries {
                for located in entry.values {
                    guard let match = matchEntry(entry.kind, located.value, principal: principal) else { continue }
                    best = max(best ?? match, match)
                }
            }
            return best
        }
    }

    static func matchEntry(_ kind: PrincipalKind, _ value: String, principal: RequestPrincipal) -> PrincipalMatch? {
        switch kind {
        case .service:
            if case .service(let name) = principal, name == value { return .direct }
            return nil
        case .federated:
            if case .federatedProvider(let name) = principal, name == value { return .direct }
            return nil
        case .canonicalUser:
            return nil  // callers are never S3 canonical users here
        case .aws:
            return matchAWS(value, principal: principal)
        }
    }

    private static func matchAWS(_ value: String, principal: RequestPrincipal) -> PrincipalMatch? {
        if value == "*" { return .direct }
        if value.count == 12, value.allSatisfy(\.isASCIIDigit) {
            return principal.account == value && principal.isIAMIdentity ? .account : nil
        }
        guard let arn = ARN(value) else { return nil }
        if arn.service == "iam", arn.resource == "root" {
            return principal.account == arn.account && principal.isIAMIdentity ? .account : nil
        }
        switch principal {
        case .user:
            return principal.arn == value ? .direct : nil
        case .roleSession(let account, let roleName, let path, let sessionName):
            if arn.service == "iam", arn.resource.hasPrefix("role/"), arn.account == account {
                // A session ARN has no role path, so a role is matched by account and name.
                let rolePath = arn.resource.dropFirst("role/".count)
                let name = rolePath.split(separator: "/").last.map(String.init) ?? ""
                guard name == roleName else { return nil }
                if let path, "/" + rolePath != path + name { return nil }
                return .role
            }
            if arn.service == "sts", let sessionName,
                value == "arn:aws:sts::\(account):assumed-role/\(roleName)/\(sessionName)"
            {
                return .direct
            }
            return nil
        case .federatedUser, .root:
            return principal.arn == value ? .direct : nil
        case .service, .federatedProvider, .anonymous:
            return nil
        }
    }
}

extension RequestPrincipal {
    /// Users, role sessions, federated users and the root user: principals an account can contain.
    var isIAMIdentity: Bool {
        switch self {
        case .user, .roleSession, .federatedUser, .root: return true
        case .service, .federatedProvider, .anonymous: return false
        }
    }
}
