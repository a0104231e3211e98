/// Who makes a request. Roles never call AWS themselves: a caller given as a role ARN is
/// taken to be a session of that role.
public enum RequestPrincipal: Sendable, Equatable {
    case user(account: String, path: String, name: String)
    /// A session of a role (`arn:aws:sts::A:assumed-role/R/S`); `path` is known only when the
    /// caller was given as the role's own ARN.
    case roleSession(account: String, roleName: String, path: String?, sessionName: String?)
    case federatedUser(account: String, name: String)
    case root(account: String)
    case service(String)
    /// A web identity or SAML provider, as named in a trust policy's `Federated` principal.
    case federatedProvider(String)
    case anonymous

    /// Parses the forms policylint accepts for a request principal: user, role, assumed-role
    /// and federated-user ARNs, `arn:aws:iam::ID:root` or a bare account id, a service
    /// principal (`s3.amazonaws.com`), an identity provider (`arn:aws:iam::ID:oidc-provider/…`,
    /// `accounts.google.com`, `cognito-identity.amazonaws.com`) and `anonymous`.
    public init?(_ text: String) {
        if text == "anonymous" || text == "*" {
            self = .anonymous
            return
        }
        if text.count == 12, text.allSatisfy(\.isASCIIDigit) {
            self = .root(account: text)
            return
        }
        if Self.webIdentityProviders.contains(text) {
            self = .federatedProvider(text)
            return
        }
        if !text.hasPrefix("arn:") {
            guard text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazonaws.com.cn") else { return nil }
            self = .service(text)
            return
        }
        guard let arn = ARN(text), !arn.account.isEmpty else { return nil }
        let resource = arn.resource
        switch (arn.service, resource) {
        case ("iam", "root"):
            self = .root(account: arn.account)
        case ("iam", _) where resource.hasPrefix("user/"):
            let (path, name) = Self.splitPath(resource.dropFirst("user/".count))
            guard !name.isEmpty else { return nil }
            self = .user(account: arn.account, path: path, name: name)
        case ("iam", _) where resource.hasPrefix("role/"):
            let (path, name) = Self.splitPath(resource.dropFirst("role/".count))
            guard !name.isEmpty else { return nil }
            self = .roleSession(account: arn.account, roleName: name, path: path, sessionName: nil)
        case ("iam", _) where resource.hasPrefix("saml-provider/") || resource.hasPrefix("oidc-provider/"):
            self = .federatedProvider(text)
        case ("sts", _) where resource.hasPrefix("assumed-role/"):
            let parts = resource.dropFirst("assumed-role/".count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            self = .roleSession(account: arn.account, roleName: String(parts[0]), path: nil, sessionName: String(parts[1]))
        case ("sts", _) where resource.hasPrefix("federated-user/"):
            let name = String(resource.dropFirst("federated-user/".count))
            guard !name.isEmpty else { return nil }
            self = .federatedUser(account: arn.account, name: name)
        default:
            return nil
        }
    }

    static let webIdentityProviders: Set<String> = [
        "accounts.google.com", "graph.facebook.com", "www.amazon.com", "cognito-identity.amazonaws.com",
    ]

    private static func splitPath(_ rest: Substring) -> (path: String, name: String) {
        guard let slash = rest.lastIndex(of: "/") else { return ("/", String(rest)) }
        return ("/" + rest[..<slash] + "/", String(rest[rest.index(after: slash)...]))
    }

    /// The account the principal belongs to; nil for services, providers and anonymous callers.
    public var account: String? {
        switch self {
        case .user(let account, _, _), .roleSession(let account, _, _, _), .federatedUser(let account, _),
            .root(let account):
            return account
        case .federatedProvider(let text):
            return ARN(text)?.account
        case .service, .anonymous:
            return nil
        }
    }

    /// The caller's own ARN, as AWS puts it in a request (a role session's is its sts ARN).
    public var arn: String? {
        switch self {
        case .user(let account, let path, let name): return "arn:aws:iam::\(account):user\(path)\(name)"
        case .roleSession(let account, let role, _, let session):
            return "arn:aws:sts::\(account):assumed-role/\(role)/\(session ?? "session")"
        case .federatedUser(let account, let name): return "arn:aws:sts::\(account):federated-user/\(name)"
        case .root(let account): return "arn:aws:iam::\(account):root"
        case .service, .federatedProvider, .anonymous: return nil
        }
    }

    /// `aws:PrincipalArn`: for a role session it is the role's ARN, not the session's.
    public var principalArnKey: String? {
        switch self {
        case .roleSession(let account, let role, let path, _):
            return "arn:aws:iam::\(account):role\(path ?? "/")\(role)"
        default:
            return arn
        }
    }

    /// `aws:PrincipalType`.
    public var principalType: String {
        switch self {
        case .user: return "User"
        case .roleSession: return "AssumedRole"
        case .federatedUser: return "FederatedUser"
        case .root: return "Account"
        case .service: return "AWSService"
        case .federatedProvider: return "WebIdentityUser"
        case .anonymous: return "Anonymous"
        }
    }

    /// A role under `/aws-service-role/`: SCPs do not restrict service-linked roles.
    var isServiceLinkedRole: Bool {
        if case .roleSession(_, _, let path?, _) = self { return path.hasPrefix("/aws-service-role/") }
        return false
    }

    var isSession: Bool {
        switch self {
        case .roleSession, .federatedUser: return true
        default: return false
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// `arn:partition:service:region:account:resource`, split on the first five colons.
struct ARN: Sendable, Equatable {
    var partition: String
    var service: String
    var region: String
    var account: String
    var resource: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }
}
