/// A statement that another statement of the policy makes unnecessary.
struct RedundantStatementRule: LintRule {
    static let description = RuleDescription(
        id: "redundant-statement",
        summary: "A statement should add something the others do not",
        rationale: """
            A statement identical to another (Sid aside), or whose every request another statement of \
            the same effect already covers (its actions, resources, principals and conditions included, \
            compared as `policylint diff` compares policies), changes nothing.
            """,
        severity: .suggestion, category: .hygiene, issueCode: "REDUNDANT_STATEMENT",
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, ↓{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, ↓{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x", "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}, "Bool": {"aws:SecureTransport": "true"}}}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, ↓{"Effect": "Allow", "Action": ["s3:Get?bject", "ec2:Describe*"], "Resource": "*"}]}"#),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}]}"#),
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b*"}]}"#),
        ])

    func check(_ context: LintContext) -> [RuleFinding] {
        let statements = context.policy.statements
        guard statements.count > 1 else { return [] }
        let checksPrincipal = context.policyType.requiresPrincipal
        let services = Self.serviceSets(statements)
        // Compiled when a pair gets past the service test: many statements never do.
        func compiled(_ position: Int) -> CompiledStatement { context.compiled(position) }
        // The pairs the quick tests leave, for each statement the ones that may cover it.
        var samples: [Int: Sample] = [:]
        var suspects: [(inner: Int, outers: [Int])] = []
        for (index, statement) in statements.enumerated() {
            // A statement missing an element it needs is reported by the grammar checks.
            guard statement.action != nil, statement.effect != nil, !checksPrincipal || statement.principal != nil else { continue }
            let outers = statements.indices.filter { other in
                guard other != index, statements[other].effect?.value == statement.effect?.value,
                    Self.servicesMayCover(services[other], services[index])
                else { return false }
                if samples[index] == nil { samples[index] = Sample(compiled(index)) }
                guard samples[index]!.isMatched(by: compiled(other)) else { return false }
                // Most pairs left have a request that tells them apart; the request space is for the rest.
                return checksPrincipal || !UncoveredRequest.exists(in: compiled(index), outside: compiled(other))
            }
            if !outers.isEmpty { suspects.append((index, outers)) }
        }
        guard !suspects.isEmpty else { return [] }
        // One set of candidate requests for the statements involved.
        let involved = Array(Set(suspects.flatMap { [$0.inner] + $0.outers })).sorted()
        let position = Dictionary(uniqueKeysWithValues: involved.enumerated().map { ($1, $0) })
        let inclusion = StatementInclusion(involved.map(compiled), checksPrincipal: checksPrincipal)
        func covers(_ outer: Int, _ inner: Int) -> Bool { inclusion.covers(position[outer]!, position[inner]!) == true }
        var findings: [RuleFinding] = []
        for (index, outers) in suspects {
            // Two statements that cover each other are duplicates: report only the later one.
            guard let cover = outers.first(where: { covers($0, index) && ($0 < index || !covers(index, $0)) }) else { continue }
            findings.append(RuleFinding("statement \(statements[index].label) adds nothing to statement \(statements[cover].label)",
                at: statements[index].span))
        }
        return findings
    }

    /// The quickest test: the literal service prefixes of the inner statement's actions must be among the outer's.
    static func servicesMayCover(_ outer: StatementSet?, _ inner: StatementSet?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return inner.isSubset(of: outer)
    }

    /// Each statement's literal service prefixes (as `CompiledStatement.actionServices` has
    /// them) as a bit set over the policy's services, nil for any service: read from the text,
    /// so the quadratic pair test compares words and compiles nothing.
    static func serviceSets(_ statements: [Statement]) -> [StatementSet?] {
        // Services are told apart by a 64-bit hash of their lower-cased prefix: no strings are
        // built, and a collision could only let a pair through to the exact tests.
        let prefixes = statements.map { statement -> [UInt64]? in
            guard let element = statement.action else { return [] }
            guard !element.isNegated else { return nil }
            var found: [UInt64] = []
            found.reserveCapacity(element.values.count)
            for value in element.values {
                guard let hash = Self.literalServiceHash(value.value) else { return nil }
                found.append(hash)
            }
            return found
        }
        var numbers: [UInt64: Int] = [:]
        for services in prefixes {
            for service in services ?? [] where numbers[service] == nil { numbers[service] = numbers.count }
        }
        return prefixes.map { services in
            services.map { services in
                var set = StatementSet(count: numbers.count)
                for service in services { set.insert(numbers[service]!) }
                return set
            }
        }
    }

    /// FNV-1a of the action's lower-cased service prefix; nil when a wildcard comes before the
    /// first colon or there is none.
    static func literalServiceHash(_ action: String) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in action.utf8 {
            switch byte {
            case UInt8(ascii: ":"): return hash
            case UInt8(ascii: "*"), UInt8(ascii: "?"): return nil
            case 0x80...:
                // Not ASCII: lower-cased as `CompiledStatement` lower-cases it.
                guard let colon = action.firstIndex(of: ":") else { return nil }
                let prefix = action[..<colon]
                if prefix.contains("*") || prefix.contains("?") { return nil }
                var lowered = prefix.lowercased()
                return lowered.withUTF8(ServicePrefix.hash)
            default: hash = (hash ^ UInt64(CaseFold.lower(byte))) &* 0x100_0000_01b3
            }
        }
        return nil
    }

    /// A quick test that rules out most pairs: each action and resource pattern of a statement,
    /// its wildcards taken out, must be matched by a statement that covers it.
    struct Sample {
        var actions: [[UInt8]] = []
        var resources: [PreparedResource] = []

        init(_ statement: CompiledStatement) {
            if !statement.actionsNegated {
                actions = statement.actions.map { Array($0.sample.utf8) }
            }
            guard !statement.resourcesNegated else { return }
            for case .fixed(let pattern) in statement.resources ?? [] {
                resources.append(PreparedResource(pattern.whole.sample))
            }
        }

        func isMatched(by outer: CompiledStatement) -> Bool {
            for action in actions where !StatementMatcher.actionMatches(outer, action) { return false }
            guard outer.resources != nil else { return true }
            for resource in resources {
                // As the matcher decides without a request context: an entry with policy variables matches nothing.
                let outcome = resource.withView { StatementMatcher.resourceMatches(outer, $0, context: .anonymous) }
                if case .success(false) = outcome { return false }
            }
            return true
        }
    }
}
