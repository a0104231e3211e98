/// What the ARN rules need to know about Resource values and the catalog's ARN formats.
///
/// Facts from the IAM User Guide, "IAM JSON policy elements: Resource"
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
/// `*` and `?` may appear within any ARN segment, a `*` ending a segment may match across the
/// colons after it, and the service segment may not hold a wildcard.
enum ResourceARN {
    /// The six fields of `arn:partition:service:region:account:resource`, or fewer when the
    /// text has fewer colons; the resource field keeps any further colons.
    static func fields(_ text: String) -> [Substring] {
        // Split at the bytes: `:` is ASCII, and a split by Characters costs far more.
        var fields: [Substring] = []
        fields.reserveCapacity(6)
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex, fields.count < 5 {
            if utf8[index] == UInt8(ascii: ":") {
                fields.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(text[start...])
        return fields
    }

    /// True when a field is not literal text: it holds a wildcard or a policy variable.
    static func isOpen(_ field: Substring) -> Bool {
        field.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } || field.mayHoldPolicyVariable
    }

    /// `text` with each `${…}` replaced by `*`.
    static func maskingVariables(_ text: String) -> String {
        guard text.mayHoldPolicyVariable else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            result += "*"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static let partitions: Set<String> = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ]

    /// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`.
    static func looksLikeRegion(_ field: Substring) -> Bool {
        let parts = field.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.last, (1...2).contains(number.count),
            number.allSatisfy(\.isASCIIDigit)
        else { return false }
        guard (2...4).contains(parts[0].count) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }
}

/// The catalog's ARN formats grouped by their service segment (`s3`, `execute-api`), with what
/// they say about the region and account fields. Built once, from every service, and only when
/// a rule is about to report something (most policies never need it).
final class ARNFormatIndex: @unchecked Sendable {
    struct Namespace: Sendable {
        /// Every format leaves the field empty (`arn:aws:iam::…` has no region).
        var regionAlwaysEmpty = true
        var regionAlwaysPresent = true
        var accountAlwaysEmpty = true
        var accountAlwaysPresent = true
        /// Account fields written literally, such as `aws` in `arn:aws:iam::aws:policy/…`.
        var literalAccounts: Set<String> = []
    }

    static let shared = ARNFormatIndex()
    private let lock = Lock()
    private var namespaces: [String: Namespace]?

    private var partial: [String: Namespace?] = [:]

    /// The namespace as the service of the same prefix alone describes it: enough to rule a
    /// finding out without the whole catalog (the full answer can only be less uniform).
    func sameServiceNamespace(_ service: String, catalog: ServiceCatalog) -> Namespace? {
        if catalog === ServiceCatalog.shared, let known = lock.withLock({ partial[service] }) { return known }
        var result: Namespace?
        for type in catalog.service(service)?.resourceTypes ?? [] {
            for format in type.arnFormats {
                let fields = ResourceARN.fields(format)
                guard fields.count == 6, fields[2] == service else { continue }
                Self.note(fields, in: &result)
            }
        }
        if catalog === ServiceCatalog.shared { lock.withLock { partial[service] = .some(result) } }
        return result
    }

    private static func note(_ fields: [Substring], in entry: inout Namespace?) {
        var value = entry ?? Namespace()
        if fields[3].isEmpty { value.regionAlwaysPresent = false } else { value.regionAlwaysEmpty = false }
        if fields[4].isEmpty { value.accountAlwaysPresent = false } else { value.accountAlwaysEmpty = false }
        if !fields[4].isEmpty, !fields[4].mayHoldPolicyVariable { value.literalAccounts.insert(String(fields[4])) }
        entry = value
    }

    func namespace(_ service: String, catalog: ServiceCatalog) -> Namespace? {
        if catalog !== ServiceCatalog.shared { return Self.build(catalog)[service] }
        return lock.withLock {
            if let namespaces { return namespaces[service] }
            let built = Self.build(catalog)
            namespaces = built
            return built[service]
        }
    }

    private static func build(_ catalog: ServiceCatalog) -> [String: Namespace] {
        catalog.loadAllServices()
        var result: [String: Namespace] = [:]
        for prefix in catalog.servicePrefixes + catalog.retiredServicePrefixes {
            for type in catalog.service(prefix)?.resourceTypes ?? [] {
                for format in type.arnFormats {
                    let fields = ResourceARN.fields(format)
                    guard fields.count == 6 else { continue }
                    var entry = result[String(fields[2])]
                    note(fields, in: &entry)
                    result[String(fields[2])] = entry
                }
            }
        }
        return result
    }
}

/// Whether two patterns can match a common string: a Resource value (`*`, `?`, `${variable}`)
/// and a catalog ARN format (`${Placeholder}`). Letters compare ignoring case, and `*` and
/// placeholders may take colons and nothing at all, so the answer errs towards "they overlap".
/// The exceptions are placeholders that cannot hold a separator: `${Partition}`, `${Region}`
/// and `${Account}` take no colon, and a bucket name takes no `/` either (so
/// `arn:aws:s3:::my-bucket/*` is not a bucket).
enum ARNOverlap {
    /// A byte (its value), or one of the codes above 255: plain integers keep the table's
    /// inner loop to integer compares.
    private struct Token: Equatable {
        let code: UInt16

        static func byte(_ byte: UInt8) -> Token { Token(code: UInt16(byte)) }
        // Computed constants and a plain comparison: the table below compares tokens in its
        // inner loop, where stored statics and the derived `==` were not inlined.
        static var any: Token { Token(code: 256) }
        static var one: Token { Token(code: 257) }

        @inline(__always) static func == (lhs: Token, rhs: Token) -> Bool { lhs.code == rhs.code }
        /// A run of characters without `:` (and without `/` when `slash` is false).
        static func field(slash: Bool) -> Token { Token(code: slash ? 258 : 259) }

        var isByte: Bool { code < 256 }
        var isField: Bool { code >= 258 }
    }

    private static func tokens(_ text: String, questionMarks: Bool) -> [Token] {
        var result: [Token] = []
        var text = text
        text.withUTF8 { bytes in
            result.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                    let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}"))
                {
                    let name = UnsafeBufferPointer(rebasing: bytes[(index + 2)..<close])
                    if !questionMarks, ServicePrefix.equal(name, "Partition") || ServicePrefix.equal(name, "Region") || ServicePrefix.equal(name, "Account") {
                        result.append(.field(slash: true))
                    } else if !questionMarks, name.count >= 10, ServicePrefix.equal(UnsafeBufferPointer(rebasing: name[(name.count - 10)...]), "BucketName") {
                        result.append(.field(slash: false))
                    } else if result.last != .any {
                        result.append(.any)
                    }
                    index = close + 1
                    continue
                }
                if byte == UInt8(ascii: "*") {
                    if result.last != .any { result.append(.any) }
                } else if questionMarks, byte == UInt8(ascii: "?") {
                    result.append(.one)
                } else {
                    result.append(.byte(CaseFold.lower(byte)))
                }
                index += 1
            }
        }
        return result
    }

    private static let memo = Lock()
    nonisolated(unsafe) private static var answers: [String: Bool] = [:]

    /// Whether `resource` (a policy value) can name a resource of `format`. Answers are kept
    /// for the run: policies repeat the same values and formats.
    static func overlaps(resource: String, format: String) -> Bool {
        let key = format + "\u{0}" + resource
        if let known = memo.withLock({ answers[key] }) { return known }
        let resourceTokens = tokens(resource, questionMarks: true)
        let formatTokens = tokens(format, questionMarks: false)
        // Most pairs name different services: settle those without the quadratic table.
        if let left = serviceField(resourceTokens), let right = serviceField(formatTokens), left != right {
            memo.withLock { answers[key] = false }
            return false
        }
        let answer = overlaps(resourceTokens, formatTokens)
        memo.withLock { answers[key] = answer }
        return answer
    }

    /// The third field's tokens when each colon before its end must match the other side's
    /// colon of the same rank: only bytes and fields (which never take a `:`) come before it,
    /// and the field itself is bytes. Then two values with different such fields never overlap.
    private static func serviceField(_ tokens: [Token]) -> ArraySlice<Token>? {
        var colons = 0
        var start = 0
        for (index, token) in tokens.enumerated() {
            if token == .byte(UInt8(ascii: ":")) {
                colons += 1
                if colons == 2 { start = index + 1 }
                if colons == 3 { return tokens[start..<index] }
            } else if token.isField {
                if colons == 2 { return nil }
            } else if !token.isByte {
                return nil
            }
        }
        return nil
    }

    /// Whether the pair of positions (0, 0) reaches (a.count, b.count), one token step at a
    /// time. Only the pairs reachable from the start are visited: literal runs on both sides
    /// advance together, so that is close to linear, where filling the whole table was
    /// quadratic in the lengths of the two ARNs.
    private static func overlaps(_ a: [Token], _ b: [Token]) -> Bool {
        let width = b.count + 1
        let end = a.count * width + b.count
        var visited = [UInt64](repeating: 0, count: ((a.count + 1) * width + 63) / 64)
        var pending: [Int] = [0]
        visited[0] = 1
        func visit(_ i: Int, _ j: Int) {
            let state = i * width + j
            let (word, bit) = (state >> 6, UInt64(1) << UInt64(state & 63))
            if visited[word] & bit == 0 {
                visited[word] |= bit
                pending.append(state)
            }
        }
        while let state = pending.popLast() {
            if state == end { return true }
            let (i, j) = (state / width, state % width)
            if i < a.count, a[i] == .any {
                // `*` takes nothing, or one more token of the other side.
                visit(i + 1, j)
                if j < b.count { visit(i, j + 1) }
            } else if j < b.count, b[j] == .any {
                visit(i, j + 1)
                if i < a.count { visit(i + 1, j) }
            } else if j < b.count, b[j].isField {
                // The field ends here, or takes a[i] when it may be part of the field.
                visit(i, j + 1)
                if i < a.count {
                    let slash = b[j] == .field(slash: true)
                    let takes = a[i].isByte
                        ? a[i] != .byte(UInt8(ascii: ":")) && (slash || a[i] != .byte(UInt8(ascii: "/")))
                        : true
                    if takes { visit(i + 1, j) }
                }
            } else if i < a.count, j < b.count, a[i] == .one || b[j] == .one || a[i] == b[j] {
                visit(i + 1, j + 1)
            }
        }
        return false
    }
}
