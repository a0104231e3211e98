/// An IAM action or action pattern such as `s3:GetObject`, `s3:Get*`, `*:Describe*` or
/// `ec2:*Instances`. Matching ignores case, `*` matches any run of characters and `?` exactly
/// one; the service part may hold wildcards too. `*` alone matches every action.
public struct ActionPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let service: [UInt8]
    let action: [UInt8]

    /// nil unless `text` is `*` or `service:action` with neither part empty.
    public init?(_ text: String) {
        self.text = text
        if text == "*" {
            service = [UInt8(ascii: "*")]
            action = [UInt8(ascii: "*")]
            return
        }
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < bytes.count - 1 else {
            return nil
        }
        service = bytes[..<colon].map(CaseFold.lower)
        action = bytes[(colon + 1)...].map(CaseFold.lower)
    }

    public var description: String { text }

    public var hasWildcards: Bool { serviceHasWildcards || Self.hasWildcards(action) }

    var serviceHasWildcards: Bool { Self.hasWildcards(service) }

    /// The service part as written, lower-cased.
    var servicePart: String { String(decoding: service, as: UTF8.self) }

    /// The action part as written, lower-cased.
    var actionPart: String { String(decoding: action, as: UTF8.self) }

    public func matches(service: String, action: String) -> Bool {
        matchesService(service) && matchesAction(action)
    }

    /// `fullName` is `service:action`.
    public func matches(_ fullName: String) -> Bool {
        guard let colon = fullName.firstIndex(of: ":") else { return false }
        return matches(service: String(fullName[..<colon]), action: String(fullName[fullName.index(after: colon)...]))
    }

    func matchesService(_ prefix: String) -> Bool {
        var prefix = prefix
        return prefix.withUTF8 { Self.wildcardMatch(service, $0) }
    }

    func matchesAction(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { Self.wildcardMatch(action, $0) }
    }

    private static func hasWildcards(_ bytes: [UInt8]) -> Bool {
        bytes.contains(UInt8(ascii: "*")) || bytes.contains(UInt8(ascii: "?"))
    }

    /// Iterative matching that backtracks only to the last `*`, so it is never exponential.
    /// `pattern` is already lower-cased; catalog names are ASCII, so `?` is one byte.
    static func wildcardMatch(_ pattern: [UInt8], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count {
                let byte = pattern[p]
                if byte == UInt8(ascii: "*") {
                    star = p
                    starText = t
                    p += 1
                    continue
                }
                if byte == UInt8(ascii: "?") || byte == CaseFold.lower(text[t]) {
                    p += 1
                    t += 1
                    continue
                }
            }
            guard star >= 0 else { return false }
            p = star + 1
            starText += 1
            t = starText
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
