/// The value type of a condition key, as the Service Authorization Reference names it.
public enum ConditionKeyType: String, Sendable, CaseIterable {
    case string = "String"
    case arrayOfString = "ArrayOfString"
    case arn = "ARN"
    case arrayOfARN = "ArrayOfARN"
    case bool = "Bool"
    case arrayOfBool = "ArrayOfBool"
    case numeric = "Numeric"
    case date = "Date"
    case ipAddress = "IPAddress"

    /// Multi-valued keys take `ForAnyValue:` / `ForAllValues:`; the others hold one value.
    public var isMultiValued: Bool {
        switch self {
        case .arrayOfString, .arrayOfARN, .arrayOfBool: true
        default: false
        }
    }
}

/// A condition key of a service, such as `s3:TlsVersion` or `aws:RequestTag/${TagKey}`.
public struct ConditionKey: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// nil for the rare key that a service references but never defines.
    public let type: ConditionKeyType?
    /// Kept only because a retired action or resource type used it.
    public let isDeprecated: Bool

    public init(name: String, type: ConditionKeyType?, isDeprecated: Bool = false) {
        self.name = name
        self.type = type
        self.isDeprecated = isDeprecated
    }

    public var isMultiValued: Bool { type?.isMultiValued ?? false }

    public var description: String { name }

    /// Whether `key` is this key or an instance of its template, ignoring case:
    /// `aws:RequestTag/Owner` is an `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/env` an
    /// `s3:ExistingObjectTag/<key>`.
    public func matches(_ key: String) -> Bool {
        ConditionKeyTemplate.matches(template: name, key: key)
    }

    var isTemplate: Bool { ConditionKeyTemplate.hasPlaceholder(name) }
}

/// A global condition key: one that every service's requests may carry (`aws:SourceIp`), or
/// one that a few services set for all their requests (`ec2:SourceInstanceArn`).
public struct GlobalConditionKey: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let type: ConditionKeyType
    /// `principal`, `session`, `network`, `resource` or `request`; nil where the source has none.
    public let category: String?

    public var isMultiValued: Bool { type.isMultiValued }

    public var conditionKey: ConditionKey { ConditionKey(name: name, type: type) }

    public var description: String { name }

    public func matches(_ key: String) -> Bool {
        ConditionKeyTemplate.matches(template: name, key: key)
    }
}

/// Matching of templated key names, where `${Name}` or `<name>` stands for one or more characters.
enum ConditionKeyTemplate {
    static func hasPlaceholder(_ template: String) -> Bool {
        template.containsUTF8 { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "<") }
    }

    static func matches(template: String, key: String) -> Bool {
        let template = Array(template.utf8)
        let key = Array(key.utf8)
        return matches(template, 0, key, 0)
    }

    private static func matches(_ template: [UInt8], _ t: Int, _ key: [UInt8], _ k: Int) -> Bool {
        var t = t
        var k = k
        while t < template.count {
            if let close = placeholderEnd(template, t) {
                // A placeholder takes at least one character; try every length.
                var taken = k + 1
                while taken <= key.count {
                    if matches(template, close + 1, key, taken) { return true }
                    taken += 1
                }
                return false
            }
            guard k < key.count, CaseFold.lower(template[t]) == CaseFold.lower(key[k]) else { return false }
            t += 1
            k += 1
        }
        return k == key.count
    }

    /// The index of the `}` or `>` closing a placeholder that starts at `start`.
    private static func placeholderEnd(_ template: [UInt8], _ start: Int) -> Int? {
        let closing: UInt8
        if template[start] == UInt8(ascii: "$"), start + 1 < template.count, template[start + 1] == UInt8(ascii: "{") {
            closing = UInt8(ascii: "}")
        } else if template[start] == UInt8(ascii: "<") {
            closing = UInt8(ascii: ">")
        } else {
            return nil
        }
        return template[(start + 1)...].firstIndex(of: closing)
    }
}
