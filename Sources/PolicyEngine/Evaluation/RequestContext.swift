/// The request context: condition keys and their values. Key names are case-insensitive
/// (tag keys too), so keys are stored lower-cased; a key with a list value is multivalued
/// even when the list has one element, and an empty list is present but empty.
public struct RequestContext: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case single(String)
        case multiple([String])

        var values: [String] {
            switch self {
            case .single(let value): return [value]
            case .multiple(let values): return values
            }
        }
    }

    private(set) var storage: [String: Value] = [:]

    public init(_ values: [String: Value] = [:]) {
        for (key, value) in values { storage[key.lowercased()] = value }
    }

    public subscript(key: String) -> Value? {
        get { storage[key.lowercased()] }
        set { storage[key.lowercased()] = newValue }
    }

    public var keys: [String] { storage.keys.sorted() }

    /// Looks up an already lower-cased key without allocating.
    func value(lowercasedKey key: String) -> Value? { storage[key] }
}

/// What conditions read: the request's own keys, then the keys AWS derives from the
/// principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username,
/// aws:PrincipalIsAWSService, aws:PrincipalServiceName) when the request does not give them.
/// A struct: the matchers borrow it, so a decision allocates nothing for it.
struct EvaluationContext: Sendable {
    /// No keys, an anonymous caller: for matching resources outside any request.
    static let anonymous = EvaluationContext(given: RequestContext(), principal: .anonymous)

    let given: RequestContext
    private let shared: SharedPrincipal
    var principal: RequestPrincipal { shared.value }

    init(given: RequestContext, principal: RequestPrincipal) {
        self.init(given: given, shared: SharedPrincipal(principal))
    }

    init(given: RequestContext, shared principal: SharedPrincipal) {
        self.given = given
        self.shared = principal
    }

    subscript(lowercasedKey key: String) -> RequestContext.Value? {
        if let value = given.value(lowercasedKey: key) { return value }
        return principal.derivedValue(lowercasedKey: key).map(RequestContext.Value.single)
    }

    subscript(key: String) -> RequestContext.Value? { self[lowercasedKey: key.lowercased()] }
}

extension RequestPrincipal {
    func derivedValue(lowercasedKey key: String) -> String? {
        switch key {
        case "aws:principalarn": return principalArnKey
        case "aws:principalaccount": return self == .anonymous ? "anonymous" : account
        case "aws:principaltype": return principalType
        case "aws:username":
            if case .user(_, _, let name) = self { return name }
            return nil
        case "aws:principalisawsservice":
            switch self {
            case .service: return "true"
            case .anonymous: return nil
            default: return "false"
            }
        case "aws:principalservicename":
            if case .service(let name) = self { return name }
            return nil
        default:
            return nil
        }
    }
}
