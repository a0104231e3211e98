/// One part of a request that the analysis chooses, with a finite list of candidate values
/// that between them behave in every way a value of that part can towards the statements:
/// for every set of statements some value matches exactly, one candidate matches it.
struct Dimension {
    enum Kind: Equatable {
        case action, resource, principal
        /// A condition key, lower-cased.
        case key(String)
        /// A clause whose values hold policy variables, as written: true or false, as an opaque fact.
        case clause(String)
    }

    enum Value {
        case text(String)
        case principal(RequestPrincipal)
        case context(RequestContext.Value?)
        case truth(Bool)
    }

    struct Candidate {
        var value: Value
        /// The statements whose part for this dimension matches the value.
        var matches: StatementSet
    }

    var kind: Kind
    var candidates: [Candidate]
    /// A condition key as the policy writes it.
    var name = ""
    /// For a `.clause` dimension that stands for a condition: the condition.
    var condition: CompiledCondition?
}

/// Whom the caller may be.
enum PrincipalScope {
    /// Users and role sessions: what identity-based policies, boundaries and SCPs govern.
    case iamIdentities
    /// Anyone, including anonymous callers, services and identity providers.
    case anyone
    /// Role sessions: what session policies govern.
    case sessions
    /// Users, role sessions, federated users and the root user of the accounts named, and of a fresh one.
    case accountMembers
    /// Anonymous callers and principals of an account the policy does not name.
    case outsiders
}

/// The candidate requests for a set of statements, dimension by dimension.
struct RequestSpace {
    var dimensions: [Dimension]
    /// Why the candidates may miss a kind of request; empty when they are known to be complete.
    var inexactReasons: [String]
    /// An account no policy names: the outsider's.
    var freshAccount: String

    /// Keys AWS derives from the caller: chosen with the principal, never given in the context.
    static let principalKeys: Set<String> = [
        "aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:username", "aws:principalisawsservice",
        "aws:principalservicename",
    ]

    init(dimensions: [Dimension], inexactReasons: [String] = [], freshAccount: String) {
        self.dimensions = dimensions
        self.inexactReasons = inexactReasons
        self.freshAccount = freshAccount
    }

    /// - Parameter conditionsOnly: leave out actions and resources (the caller asks only about conditions).
    init(
        statements: [CompiledStatement], checksPrincipal: Bool, principals: PrincipalScope, restrictedKeys: Set<String> = [],
        conditionsOnly: Bool = false
    ) {
        var builder = Builder(statements: statements, checksPrincipal: checksPrincipal, scope: principals, restrictedKeys: restrictedKeys)
        dimensions = builder.build(conditionsOnly: conditionsOnly)
        inexactReasons = builder.reasons
        freshAccount = builder.freshAccount
    }

    private struct Builder {
        let statements: [CompiledStatement]
        let checksPrincipal: Bool
        let scope: PrincipalScope
        let restrictedKeys: Set<String>
        var reasons: [String] = []
        var freshAccount = ""

        init(statements: [CompiledStatement], checksPrincipal: Bool, scope: PrincipalScope, restrictedKeys: Set<String>) {
            self.statements = statements
            self.checksPrincipal = checksPrincipal
            self.scope = scope
            self.restrictedKeys = restrictedKeys
        }

        mutating func note(_ reason: String) {
            if !reasons.contains(reason) { reasons.append(reason) }
        }

        func set(where predicate: (CompiledStatement) -> Bool) -> StatementSet {
            var result = StatementSet(count: statements.count)
            for (index, statement) in statements.enumerated() where predicate(statement) { result.insert(index) }
            return result
        }

        mutating func build(conditionsOnly: Bool) -> [Dimension] {
            let derived = statements.contains { $0.conditions.contains { RequestSpace.principalKeys.contains($0.key) } }
            var dimensions = conditionsOnly ? (derived ? [principals()] : []) : [actions(), resources(), principals()]
            var keys: [String: [(statement: Int, condition: CompiledCondition)]] = [:]
            var order: [String] = []
            var opaque: [String: [(statement: Int, truth: Bool)]] = [:]
            var opaqueOrder: [String] = []
            var opaqueConditions: [String: CompiledCondition] = [:]
            for (index, statement) in statements.enumerated() {
                for condition in statement.conditions where condition.isOpaque { opaqueConditions[condition.identity] = condition }
                let requirements = statement.conditions.filter(\.isOpaque).map { ($0.identity, true) } + statement.opaqueRequirements
                for (identity, truth) in requirements {
                    if opaque[identity] == nil { opaqueOrder.append(identity) }
                    opaque[identity, default: []].append((index, truth))
                }
                for condition in statement.conditions where !condition.isOpaque {
                    guard !RequestSpace.principalKeys.contains(condition.key) else { continue }
                    if keys[condition.key] == nil { order.append(condition.key) }
                    keys[condition.key, default: []].append((index, condition))
                }
            }
            for key in order { dimensions.append(contextKey(key, keys[key]!)) }
            // A clause with policy variables ties its key to another one. Taking its outcome as a free
            // choice, the same for every statement that has the same clause, lets in more requests than
            // exist: a search that finds nothing is still a proof, and what it finds is confirmed.
            for identity in opaqueOrder {
                // False first: where the fact does not matter, the witness then needs nothing settled.
                let candidates = [false, true].map { truth in
                    var excluded = StatementSet(count: statements.count)
                    for holder in opaque[identity]! where holder.truth != truth { excluded.insert(holder.statement) }
                    return Dimension.Candidate(value: .truth(truth), matches: StatementSet(count: statements.count, filled: true).subtracting(excluded))
                }
                dimensions.append(Dimension(kind: .clause(identity), candidates: candidates, condition: opaqueConditions[identity]))
            }
            return dimensions
        }

        // MARK: Actions

        mutating func actions() -> Dimension {
            let texts = Set(statements.flatMap { $0.actions.map(\.description) }).sorted()
            let found = LanguageExplorer.representatives(texts.map { LanguagePattern.glob($0) })
            if !found.complete { note("too many distinct action patterns to compare exhaustively") }
            // What StatementMatcher.actionMatches decides, with each statement's literal actions in a
            // set: policies that list thousands of actions would otherwise cost a glob match per pair.
            let split = statements.map { statement -> (literal: Set<String>, patterns: [GlobPattern]) in
                var literal = Set<String>()
                var patterns: [GlobPattern] = []
                for pattern in statement.actions {
                    if pattern.hasWildcards { patterns.append(pattern) } else { literal.insert(pattern.description) }
                }
                return (literal, patterns)
            }
            let candidates = found.strings.map { text in
                var matches = StatementSet(count: statements.count)
                for (index, statement) in statements.enumerated() {
                    let listed = split[index].literal.contains(text) || split[index].patterns.contains { $0.matches(text) }
                    if listed != statement.actionsNegated { matches.insert(index) }
                }
                return Dimension.Candidate(value: .text(text), matches: matches)
            }
            return Dimension(kind: .action, candidates: candidates)
        }

        // MARK: Resources

        mutating func resources() -> Dimension {
            var texts = Set<String>()
            for statement in statements {
                for value in statement.resources ?? [] {
                    switch value {
                    case .fixed(let pattern): texts.insert(pattern.whole.description)
                    case .template(let parts):
                        note("policy variables in Resource are not compared exactly")
                        texts.insert(parts.map(\.text).joined())
                    }
                }
            }
            let sorted = texts.sorted()
            let arns = LanguageExplorer.representatives([.anyARN] + sorted.compactMap(LanguagePattern.arn), required: [0])
            let others = LanguageExplorer.representatives(
                sorted.filter { !$0.contains(":") }.map { LanguagePattern.glob($0) }, excluding: [":"])
            if !arns.complete || !others.complete { note("too many distinct resource patterns to compare exhaustively") }
            var seen = Set<String>()
            var candidates: [Dimension.Candidate] = []
            for text in ["*"] + arns.strings + others.strings where seen.insert(text).inserted {
                let resource = PreparedResource(text)
                let matches = set { statement in
                    guard statement.resources != nil else { return true }
                    let outcome = resource.withView { StatementMatcher.resourceMatches(statement, $0, context: .anonymous) }
                    if case .success(true) = outcome { return true }
                    return false
                }
                candidates.append(Dimension.Candidate(value: .text(text), matches: matches))
            }
            return Dimension(kind: .resource, candidates: candidates)
        }

        // MARK: Principals

        mutating func principals() -> Dimension {
            var accounts = Set<String>()
            var named: [RequestPrincipal] = []
            var services = Set<String>()
            var providers = Set<String>()
            func account(in text: String) -> String? {
                if text.count == 12, text.allSatisfy(\.isASCIIDigit) { return text }
                if let arn = ARN(text), !arn.account.isEmpty, !arn.account.contains("*"), !arn.account.contains("?") { return arn.account }
                return nil
            }
            for statement in statements {
                if case .entries(let entries)? = statement.principal?.value {
                    for entry in entries {
                        for located in entry.values {
                            let value = located.value
                            switch entry.kind {
                            case .aws:
                                if let found = account(in: value) { accounts.insert(found) }
                                if value != "*", let principal = RequestPrincipal(value) { named.append(principal) }
                            case .service: services.insert(value)
                            case .federated: providers.insert(value)
                            case .canonicalUser: break
                            }
                        }
                    }
                }
                // Wildcard values are opaque facts (see `isOpaque`); their instances are still tried as callers.
                for condition in statement.conditions where RequestSpace.principalKeys.contains(condition.key) && !condition.hasVariables {
                    for value in condition.values {
                        let text: String
                        switch value {
                        case .text(let written, _): text = written
                        case .arn(let pattern): text = pattern.whole.description
                        case .template:
                            note("policy variables in a condition on \(condition.keyAsWritten) are not compared exactly")
                            continue
                        default: continue
                        }
                        switch condition.key {
                        case "aws:principalaccount": accounts.insert(text)
                        case "aws:principalarn":
                            if let found = account(in: text) { accounts.insert(found) }
                            if let principal = RequestPrincipal(Self.instantiate(text)) {
                                named.append(principal)
                            } else {
                                note("`\(text)` in a condition on \(condition.keyAsWritten) is not a principal ARN policylint models")
                            }
                        case "aws:username": named.append(.user(account: "", path: "/", name: text))
                        case "aws:principalservicename": services.insert(text)
                        default: break
                        }
                    }
                }
            }
            var fresh = 999_911_112_222
            while accounts.contains(String(fresh)) { fresh += 1 }
            freshAccount = String(fresh)

            var candidates: [RequestPrincipal] = []
            let everyAccount = scope == .outsiders ? [freshAccount] : [freshAccount] + accounts.sorted()
            for account in everyAccount {
                candidates.append(.user(account: account, path: "/", name: "witness"))
                candidates.append(.roleSession(account: account, roleName: "witness-role", path: nil, sessionName: "witness"))
                if scope == .anyone || scope == .outsiders || scope == .accountMembers { candidates.append(.root(account: account)) }
                if scope == .anyone || scope == .accountMembers { candidates.append(.federatedUser(account: account, name: "witness")) }
            }
            for principal in named {
                // A user named only by aws:username lives in the fresh account.
                if case .user(let account, let path, let name) = principal, account.isEmpty {
                    candidates.append(.user(account: freshAccount, path: path, name: name))
                } else if scope != .outsiders {
                    candidates.append(principal)
                }
            }
            if scope == .anyone || scope == .outsiders { candidates.append(.anonymous) }
            if scope == .outsiders {
                // Anyone with an account at a web identity provider the policy names can present its token.
                for provider in providers.sorted()
                where RequestPrincipal.webIdentityProviders.contains(provider) || provider.contains(":oidc-provider/") {
                    candidates.append(.federatedProvider(provider))
                }
            }
            if scope == .anyone {
                for service in services.sorted() + ["policylint-witness.amazonaws.com"] { candidates.append(.service(service)) }
                for provider in providers.sorted() + ["arn:aws:iam::\(freshAccount):oidc-provider/witness.example.com"] {
                    candidates.append(RequestPrincipal(provider).flatMap { $0 == .anonymous ? nil : $0 } ?? .federatedProvider(provider))
                }
            }
            candidates = candidates.filter { principal in
                switch scope {
                case .anyone: return true
                case .iamIdentities:
                    switch principal {
                    case .user, .roleSession: return true
                    default: return false
                    }
                case .sessions:
                    if case .roleSession = principal { return true }
                    return false
                case .accountMembers:
                    switch principal {
                    case .user, .roleSession, .root, .federatedUser: return true
                    default: return false
                    }
                case .outsiders:
                    if case .federatedProvider = principal { return true }
                    return principal == .anonymous || principal.account == freshAccount
                }
            }
            // When neither Principal nor a condition looks at the caller, one caller stands for all.
            let derived = statements.contains { $0.conditions.contains { RequestSpace.principalKeys.contains($0.key) } }
            if !checksPrincipal, !derived { candidates = Array(candidates.prefix(1)) }
            var result: [Dimension.Candidate] = []
            var seen: [RequestPrincipal] = []
            for principal in candidates where !seen.contains(principal) {
                seen.append(principal)
                let context = EvaluationContext(given: RequestContext(), principal: principal)
                let matches = set { statement in
                    if checksPrincipal,
                        PrincipalMatcher.match(statement, principal: principal, hasPermissionsBoundary: false) == nil
                    {
                        return false
                    }
                    for condition in statement.conditions
                    where RequestSpace.principalKeys.contains(condition.key) && !condition.isOpaque {
                        let value = principal.derivedValue(lowercasedKey: condition.key).map(RequestContext.Value.single)
                        guard case .success(true) = ConditionEvaluator.evaluate(condition, value: value, context: context) else {
                            return false
                        }
                    }
                    return true
                }
                result.append(Dimension.Candidate(value: .principal(principal), matches: matches))
            }
            return Dimension(kind: .principal, candidates: result)
        }

        /// A concrete principal ARN from a pattern: a wildcard account becomes the fresh one.
        static func instantiate(_ pattern: String) -> String {
            guard pattern.contains("*") || pattern.contains("?") else { return pattern }
            var parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 6, parts[4].contains("*") || parts[4].contains("?") { parts[4] = "999911112222" }
            return parts.joined(separator: ":").replacingWildcards(with: "witness")
        }

        // MARK: Condition keys

        mutating func contextKey(_ key: String, _ clauses: [(statement: Int, condition: CompiledCondition)]) -> Dimension {
            let name = clauses[0].condition.keyAsWritten
            let families = Set(clauses.map(\.condition.op.family)).subtracting([.null])
            var elements: [String] = []
            var patterns: [LanguagePattern] = []
            var numbers: [Double] = []
            var dates: [Double] = []
            var networks: [IPNetwork] = []
            var known = Set<String>()
            var knownPatterns: [GlobPattern] = []
            // An identity provider's keys (`accounts.google.com:aud`, `token.actions.githubusercontent.com:sub`)
            // name the provider's own audiences and subjects: a pattern such as `repo:org/*` restricts too.
            let providerKey = key.split(separator: ":").first.map { $0.contains(".") } ?? false
            for (_, condition) in clauses {
                for value in condition.values {
                    switch value {
                    case .text(let text, let glob):
                        switch condition.op.comparison {
                        case .like: patterns.append(.glob(text))
                        case .equalsIgnoreCase: patterns.append(.literal(text, caseInsensitive: true))
                        default: patterns.append(.literal(text))
                        }
                        // `sts.amazonaws.com` is the audience every GitHub Actions token for AWS carries: it names no one.
                        let everyonesAudience = providerKey && key.hasSuffix(":aud") && text == "sts.amazonaws.com"
                        if glob?.hasWildcards != true, !everyonesAudience { known.insert(text.lowercased()) }
                        if providerKey, !everyonesAudience, let glob, !text.isWildcardOnly { knownPatterns.append(glob) }
                    case .arn(let pattern):
                        let text = pattern.whole.description
                        if pattern.matchesEverything {
                            patterns.append(.glob(text))
                        } else if let arn = LanguagePattern.arn(text) {
                            patterns.append(arn)
                        }
                        if !pattern.whole.hasWildcards { known.insert(text.lowercased()) }
                    case .template(let parts):
                        note("policy variables in a condition on \(name) are not compared exactly")
                        patterns.append(.glob(parts.map(\.text).joined()))
                    case .number(let number): numbers.append(number)
                    case .date(let date): dates.append(date)
                    case .network(let network): networks.append(network)
                    case .bool: break
                    }
                }
            }
            if families.contains(.string) || families.contains(.arn) || families.contains(.binary) {
                if families.contains(.arn) { patterns.append(.anyARN) }
                let found = LanguageExplorer.representatives(patterns)
                if !found.complete { note("too many distinct values for \(name) to compare exhaustively") }
                elements += found.strings
            }
            if families.contains(.numeric) { elements += ValueRepresentatives.numbers(numbers) }
            if families.contains(.date) { elements += ValueRepresentatives.numbers(dates).map(ValueRepresentatives.date) }
            if families.contains(.ipAddress) { elements += ValueRepresentatives.addresses(networks) }
            if families.contains(.bool) { elements += ["true", "false"] }
            if families.isEmpty { elements.append("witness") }
            if families.count > 1, !families.isSubset(of: [.string, .arn, .binary]) {
                note("\(name) is compared by operators of different kinds")
            }
            var seenElements = Set<String>()
            elements = elements.filter { seenElements.insert($0).inserted }

            let setClauses = clauses.filter { $0.condition.op.qualifier != nil }.count
            let plainClauses = clauses.contains { $0.condition.op.qualifier == nil && $0.condition.op.family != .null }
            var values: [RequestContext.Value?] = [nil]
            if plainClauses || setClauses == 0 { values += elements.map { .single($0) } }
            if setClauses > 0 {
                // A list's outcome depends only on which kinds of element it holds, and a list that
                // meets k "some element" demands needs at most k elements: subsets up to that size.
                values.append(.multiple([]))
                var lists: [[String]] = [[]]
                for size in 1...setClauses {
                    lists = lists.flatMap { list -> [[String]] in
                        let start = list.last.flatMap { elements.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                        return elements[start...].map { list + [$0] }
                    }
                    values += lists.filter { $0.count == size }.map { .multiple($0) }
                    if values.count > 600 {
                        note("too many combinations of values for \(name) to compare exhaustively")
                        break
                    }
                }
            }
            if restrictedKeys.contains(key) {
                // An outsider cannot present a value the policy names: its account, organization,
                // endpoint or network is someone else's.
                values = values.filter { value in
                    !(value?.values ?? []).contains { element in
                        known.contains(element.lowercased()) || knownPatterns.contains { $0.matches(element) }
                            || networks.contains { $0.prefixLength > 0 && $0.contains(address: element) == true }
                    }
                }
            }
            let context = EvaluationContext(given: RequestContext(), principal: .anonymous)
            var candidates: [Dimension.Candidate] = []
            for value in values {
                var failed = false
                let matches = set { statement in
                    for condition in statement.conditions where condition.key == key && !condition.isOpaque {
                        switch ConditionEvaluator.evaluate(condition, value: value, context: context) {
                        case .success(true): continue
                        case .success(false): return false
                        case .failure:
                            failed = true
                            return false
                        }
                    }
                    return true
                }
                if failed {
                    note("\(name) takes values some of its operators cannot evaluate (several values without ForAllValues/ForAnyValue, or values of another type)")
                    continue
                }
                candidates.append(Dimension.Candidate(value: .context(value), matches: matches))
            }
            return Dimension(kind: .key(key), candidates: candidates, name: name)
        }
    }
}

extension PolicyVariables.Part {
    /// The part as written, `${…}` included.
    var text: String {
        switch self {
        case .pattern(let text), .literal(let text): return text
        case .variable(let key, let defaultValue): return "${\(key)\(defaultValue.map { ", '\($0)'" } ?? "")}"
        }
    }
}

extension String {
    func replacingWildcards(with filler: String) -> String {
        // Most values have no wildcard; ASCII ones are rewritten as bytes.
        if !utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }) { return self }
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "*"): bytes += filler.utf8
                case UInt8(ascii: "?"): bytes.append(UInt8(ascii: "x"))
                default: bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        for character in self {
            switch character {
            case "*": result += filler
            case "?": result += "x"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Candidate values for the typed condition operators.
enum ValueRepresentatives {
    /// Below, at, between and above every constant: all that `<`, `<=`, `=`, `>=` and `>` can tell apart.
    static func numbers(_ constants: [Double]) -> [String] {
        let sorted = Array(Set(constants)).sorted()
        guard let first = sorted.first, let last = sorted.last else { return ["0"] }
        var values: [Double] = [first - 1]
        for (index, value) in sorted.enumerated() {
            values.append(value)
            if index + 1 < sorted.count { values.append((value + sorted[index + 1]) / 2) }
        }
        values.append(last + 1)
        return values.compactMap(format)
    }

    static func format(_ value: Double) -> String? {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = String(value)
        return text.contains("e") ? nil : text
    }

    /// Epoch seconds as an ISO 8601 date in UTC when whole, else left as seconds.
    static func date(_ seconds: String) -> String {
        guard let value = Int(seconds) else { return seconds }
        let days = value >= 0 ? value / 86_400 : (value - 86_399) / 86_400
        let secondsOfDay = value - days * 86_400
        // Civil date from days since 1970 (the inverse of ConditionDate's days-from-civil).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else { return seconds }
        func pad(_ number: Int, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }

    /// One address in every region the networks cut the address space into: each network
    /// minus the networks inside it, and the space outside them all, for IPv4 and IPv6.
    static func addresses(_ networks: [IPNetwork]) -> [String] {
        var result: [String] = []
        for isIPv6 in [false, true] {
            let width = isIPv6 ? 128 : 32
            let blocks = Set(networks.filter { $0.isIPv6 == isIPv6 }.map { Block($0) })
            let root = Block(start: 0, prefix: 0, width: width)
            for block in [root] + blocks.sorted(by: { $0.start < $1.start }) {
                let inside = blocks.filter { $0 != block && block.contains($0) }
                let children = inside.filter { child in !inside.contains { $0 != child && $0.contains(child) } }
                // Children are disjoint: walk them in order looking for a gap.
                var cursor: UInt128? = block.start
                for child in children.sorted(by: { $0.start < $1.start }) {
                    guard let position = cursor, child.start <= position else { break }
                    cursor = child.end >= block.end ? nil : max(position, child.end + 1)
                }
                let found = cursor
                if let found { result.append(Block.text(found, isIPv6: isIPv6)) }
            }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }
    }

    struct Block: Hashable {
        var start: UInt128
        var prefix: Int
        var width: Int

        init(start: UInt128, prefix: Int, width: Int) {
            self.start = start
            self.prefix = prefix
            self.width = width
        }

        init(_ network: IPNetwork) {
            width = network.isIPv6 ? 128 : 32
            var value: UInt128 = 0
            for byte in network.bytes.prefix(width / 8) { value = value << 8 | UInt128(byte) }
            prefix = network.prefixLength
            let hostBits = width - prefix
            start = hostBits >= 128 ? 0 : (value >> hostBits) << hostBits
        }

        var end: UInt128 {
            let hostBits = width - prefix
            let span: UInt128 = hostBits >= 128 ? UInt128.max : (1 << hostBits) - 1
            return start + span
        }

        func contains(_ other: Block) -> Bool { other.prefix >= prefix && other.start >= start && other.end <= end }

        static func text(_ value: UInt128, isIPv6: Bool) -> String {
            if !isIPv6 { return (0..<4).map { String((value >> UInt128(8 * (3 - $0))) & 0xFF) }.joined(separator: ".") }
            return (0..<8).map { String((value >> UInt128(16 * (7 - $0))) & 0xFFFF, radix: 16) }.joined(separator: ":")
        }
    }
}

extension CompiledCondition {
    /// A clause the analysis takes as an opaque fact rather than comparing its values: one with
    /// policy variables, or a wildcard pattern on a key derived from the caller (whose candidates
    /// are callers, not strings, so a pattern cannot be explored).
    var isOpaque: Bool {
        if hasVariables { return true }
        guard RequestSpace.principalKeys.contains(key) else { return false }
        return values.contains { value in
            switch value {
            case .text(_, let glob): return glob?.hasWildcards == true
            case .arn(let pattern): return pattern.whole.hasWildcards
            default: return false
            }
        }
    }

    var hasVariables: Bool {
        values.contains { if case .template = $0 { return true } else { return false } }
    }

    /// The clause as written, so that the same clause in two policies is recognised.
    var identity: String {
        let written = values.map { value -> String in
            switch value {
            case .text(let text, _): return text
            case .arn(let pattern): return pattern.whole.description
            case .template(let parts): return parts.map(\.text).joined()
            case .number(let number): return "\(number)"
            case .date(let date): return "\(date)"
            case .network(let network): return "\(network.bytes)/\(network.prefixLength)"
            case .bool(let bool): return "\(bool)"
            }
        }
        return ([op.name, key] + written).joined(separator: "\u{0}")
    }
}
