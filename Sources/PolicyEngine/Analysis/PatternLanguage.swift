/// A pattern of the analysis: IAM's `*` and `?` globs, read as a regular language over Unicode
/// scalars so that sets of patterns can be compared exactly.
///
/// Each unit matches one scalar from a set (a literal, or both cases of a letter for the
/// `…IgnoreCase` operators), one scalar (`?`) or any run (`*`). A wildcard can be barred from
/// matching `:`, which is how the ARN segment rules are expressed: in the partition, service,
/// region and account a wildcard stays inside its segment (see `ResourcePattern`).
struct LanguagePattern: Sendable, Hashable {
    enum Unit: Sendable, Hashable {
        case scalars([Unicode.Scalar])
        case anyOne(crossesColon: Bool)
        case anyRun(crossesColon: Bool)
    }

    var units: [Unit]

    /// A `*`/`?` glob whose wildcards match anything, colons included (actions, condition values).
    static func glob(_ text: String, caseInsensitive: Bool = false) -> LanguagePattern {
        LanguagePattern(units: units(text, crossesColon: true, caseInsensitive: caseInsensitive, wildcards: true))
    }

    /// `text` taken literally (StringEquals values).
    static func literal(_ text: String, caseInsensitive: Bool = false) -> LanguagePattern {
        LanguagePattern(units: units(text, crossesColon: true, caseInsensitive: caseInsensitive, wildcards: false))
    }

    /// A Resource (or ArnLike) pattern as it applies to ARNs, by `ResourcePattern`'s rules: split
    /// on the first five colons, wildcards kept in their segment except in the resource part; a
    /// pattern with fewer segments matches only when its last character is `*`, which then
    /// runs to the end. nil when it can match no ARN.
    static func arn(_ text: String) -> LanguagePattern? {
        let segments = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        if segments.count < 6, !(segments.last ?? "").hasSuffix("*") { return nil }
        var result: [Unit] = []
        for (index, segment) in segments.enumerated() {
            if index > 0 { result.append(.scalars([":"])) }
            let isLast = index == segments.count - 1
            result += units(segment, crossesColon: isLast, caseInsensitive: false, wildcards: true)
        }
        return LanguagePattern(units: result)
    }

    /// Every text `PreparedResource` reads as an ARN: `arn:` and at least four more colons.
    static let anyARN = LanguagePattern(units: [
        .scalars(["a"]), .scalars(["r"]), .scalars(["n"]), .scalars([":"]),
        .anyRun(crossesColon: false), .scalars([":"]), .anyRun(crossesColon: false), .scalars([":"]),
        .anyRun(crossesColon: false), .scalars([":"]), .anyRun(crossesColon: false), .scalars([":"]),
        .anyRun(crossesColon: true),
    ])

    private static func units(_ text: String, crossesColon: Bool, caseInsensitive: Bool, wildcards: Bool) -> [Unit] {
        text.unicodeScalars.map { scalar in
            if wildcards, scalar == "*" { return .anyRun(crossesColon: crossesColon) }
            if wildcards, scalar == "?" { return .anyOne(crossesColon: crossesColon) }
            if caseInsensitive, scalar.properties.isCased {
                let lower = Character(scalar).lowercased().unicodeScalars
                let upper = Character(scalar).uppercased().unicodeScalars
                if lower.count == 1, upper.count == 1 { return .scalars(Array(Set([lower.first!, upper.first!, scalar])).sorted()) }
            }
            return .scalars([scalar])
        }
    }

    /// The one string the pattern matches, when it has no wildcard and no case-insensitive letter.
    var literalText: String? {
        var view = String.UnicodeScalarView()
        for unit in units {
            guard case .scalars(let set) = unit, set.count == 1 else { return nil }
            view.append(set[0])
        }
        return String(view)
    }

    func matches(_ text: String) -> Bool {
        var positions: Set<Int> = [0]
        func close(_ set: inout Set<Int>) {
            var stack = Array(set)
            while let position = stack.popLast() {
                if position < units.count, case .anyRun = units[position], set.insert(position + 1).inserted { stack.append(position + 1) }
            }
        }
        close(&positions)
        for scalar in text.unicodeScalars {
            var next = Set<Int>()
            for position in positions where position < units.count {
                switch units[position] {
                case .scalars(let set): if set.contains(scalar) { next.insert(position + 1) }
                case .anyOne(let crosses): if crosses || scalar != ":" { next.insert(position + 1) }
                case .anyRun(let crosses): if crosses || scalar != ":" { next.insert(position) }
                }
            }
            close(&next)
            positions = next
            if positions.isEmpty { return false }
        }
        return positions.contains(units.count)
    }

    /// The scalars the pattern names literally.
    var literalScalars: Set<Unicode.Scalar> {
        var found = Set<Unicode.Scalar>()
        for case .scalars(let set) in units { found.formUnion(set) }
        return found
    }
}

/// Finds, for a set of patterns, one string for every combination of memberships that some
/// string has: which patterns it matches and which it does not. Any question about the
/// patterns' languages (is one included in the others, do two overlap) is then answered by
/// looking at these strings alone.
///
/// It walks the product of the patterns' automata breadth-first (subset construction, one
/// subset per pattern) over the scalars the patterns name plus one scalar they do not name,
/// which stands for all the others. So each string found is a shortest one for its combination.
enum LanguageExplorer {
    struct Result {
        /// Shortest first. Each realises a different combination.
        var strings: [String]
        /// False when the walk stopped at `stateLimit` before visiting every state.
        var complete: Bool
    }

    /// - Parameters:
    ///   - excluding: scalars the strings must not contain (`:` for non-ARN resources).
    ///   - required: indices of patterns every string must match (dropping the others early).
    static func representatives(
        _ patterns: [LanguagePattern], excluding: Set<Unicode.Scalar> = [], required: [Int] = [], stateLimit: Int = 20_000
    ) -> Result {
        var alphabet = Set<Unicode.Scalar>()
        for pattern in patterns { alphabet.formUnion(pattern.literalScalars) }
        alphabet.insert(":")
        alphabet.subtract(excluding)
        let fresh = "xzqjkvwy0123456789abcdefghilmnoprstu-_".unicodeScalars.first { !alphabet.contains($0) && !excluding.contains($0) }
            ?? Unicode.Scalar(0x2603)!

        // A state: for each pattern, its live positions; encoded as sorted `pattern << 20 | position`.
        func closure(_ pattern: Int, _ positions: inout [Int]) {
            let units = patterns[pattern].units
            var index = 0
            while index < positions.count {
                let position = positions[index]
                if position < units.count, case .anyRun = units[position], !positions.contains(position + 1) {
                    positions.append(position + 1)
                }
                index += 1
            }
        }
        var start: [Int] = []
        for index in patterns.indices {
            var positions = [0]
            closure(index, &positions)
            start += positions.map { index << 20 | $0 }
        }
        start.sort()

        func step(_ state: [Int], _ scalar: Unicode.Scalar) -> [Int] {
            var next: [Int] = []
            var current = -1
            var positions: [Int] = []
            func flush() {
                guard current >= 0, !positions.isEmpty else { return }
                closure(current, &positions)
                positions.sort()
                var previous = -1
                for position in positions where position != previous {
                    next.append(current << 20 | position)
                    previous = position
                }
            }
            for encoded in state {
                let pattern = encoded >> 20
                let position = encoded & 0xFFFFF
                if pattern != current {
                    flush()
                    current = pattern
                    positions = []
                }
                let units = patterns[pattern].units
                guard position < units.count else { continue }
                switch units[position] {
                case .scalars(let set): if set.contains(scalar) { positions.append(position + 1) }
                case .anyOne(let crosses): if crosses || scalar != ":" { positions.append(position + 1) }
                case .anyRun(let crosses): if crosses || scalar != ":" { positions.append(position) }
                }
            }
            flush()
            next.sort()
            return next
        }
        // At a state, a scalar no live position names literally behaves as the fresh one does
        // (and `:` differs only where a wildcard must not cross it): only these need trying.
        func lettersFor(_ state: [Int]) -> [Unicode.Scalar] {
            var named = Set<Unicode.Scalar>()
            var wildcard = false
            for encoded in state {
                let units = patterns[encoded >> 20].units
                let position = encoded & 0xFFFFF
                guard position < units.count else { continue }
                switch units[position] {
                case .scalars(let set): named.formUnion(set)
                case .anyOne, .anyRun: wildcard = true
                }
            }
            named.subtract(excluding)
            var result = named.sorted()
            if wildcard {
                result.append(fresh)
                if !excluding.contains(":"), !named.contains(":") { result.append(":") }
            } else if !named.contains(fresh) {
                // Leaving every pattern: one letter that none names, for "matches none".
                result.append(fresh)
            }
            return result
        }
        func accepted(_ state: [Int]) -> [Int] {
            state.compactMap { encoded in
                let pattern = encoded >> 20
                return encoded & 0xFFFFF == patterns[pattern].units.count ? pattern : nil
            }
        }
        func alive(_ state: [Int]) -> Bool {
            // Every required pattern must still be able to match.
            required.allSatisfy { index in state.contains { $0 >> 20 == index } }
        }

        // Literal patterns are added as strings of their own below. Past that, a state whose wildcard
        // patterns stand where they stood in a state already reached by a non-literal string can only
        // lead to combinations found from there: skipping it keeps the walk from spelling out every
        // literal action and ARN letter by letter.
        let literals = patterns.map(\.literalText)
        func wildcardPart(_ state: [Int]) -> [Int] { state.filter { literals[$0 >> 20] == nil } }

        var strings: [String] = []
        var seenCombinations = Set<[Int]>()
        var visited: Set<[Int]> = [start]
        var queue: [([Int], [Unicode.Scalar])] = [(start, [])]
        var head = 0
        var complete = true
        while head < queue.count {
            let (state, text) = queue[head]
            head += 1
            let combination = accepted(state)
            if required.allSatisfy(combination.contains), seenCombinations.insert(combination).inserted {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: text)
                strings.append(String(view))
            }
            for scalar in lettersFor(state) {
                let next = step(state, scalar)
                guard alive(next) else { continue }
                if next.isEmpty {
                    // Nothing can match any more: one string for "matches none" is enough.
                    if seenCombinations.insert([]).inserted, required.isEmpty {
                        var view = String.UnicodeScalarView()
                        view.append(contentsOf: text + [scalar])
                        strings.append(String(view))
                    }
                    continue
                }
                let wild = wildcardPart(next)
                if wild.count != next.count, wild.isEmpty ? seenCombinations.contains([]) : visited.contains(wild) { continue }
                guard visited.insert(next).inserted else { continue }
                if visited.count > stateLimit {
                    complete = false
                    break
                }
                queue.append((next, text + [scalar]))
            }
            if !complete { break }
        }
        var seenStrings = Set(strings)
        for case let text? in literals where seenStrings.insert(text).inserted {
            guard !text.unicodeScalars.contains(where: excluding.contains), required.allSatisfy({ patterns[$0].matches(text) }) else { continue }
            strings.append(text)
        }
        return Result(strings: strings, complete: complete)
    }
}
