/// A scenario file: policies and requests with expected decisions, a policy unit test.
///
/// `{"identityPolicies": [P…], "resourcePolicy": P or null, "permissionsBoundaries": [P…],
/// "sessionPolicies": [P…], "scps": [[P…], …], "rcps": [[P…], …], "requests": [R…]}` where P
/// is a policy object or a path relative to the scenario file, and each request is
/// `{"principal", "principalAccount"?, "action", "resource", "resourceAccount"?, "context"?,
/// "principalAccountIsManagementAccount"?, "expect"?}`. "name", "description" and "source"
/// document the file and each request; any other field is an error, so a typo cannot
/// silently weaken a test.
public struct Scenario: Sendable {
    public struct Request: Sendable {
        public var name: String?
        public var source: String?
        public var request: AuthorizationRequest
        public var expect: Decision?
        public var position: SourcePosition
    }

    public var name: String?
    public var policies: PolicySet
    public var requests: [Request]
}

/// Why a scenario file cannot be used, with where.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition?
    public var message: String

    public var description: String {
        position.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

public enum ScenarioLoader {
    static let topLevelFields: Set<String> = [
        "name", "description", "source", "identityPolicies", "resourcePolicy", "permissionsBoundaries",
        "sessionPolicies", "scps", "rcps", "requests",
    ]
    static let requestFields: Set<String> = [
        "name", "description", "source", "principal", "principalAccount", "action", "resource", "resourceAccount",
        "context", "principalAccountIsManagementAccount", "expect",
    ]

    /// Reads a scenario; `readFile` loads policy files named by relative path.
    public static func load(
        _ source: SourceText, readFile: @escaping (String) -> Result<[UInt8], FileReadError> = FileSystem.readFile
    ) -> Result<Scenario, ScenarioError> {
        var loader = Loader(source: source, readFile: readFile)
        do throws(ScenarioError) {
            return .success(try loader.scenario())
        } catch {
            return .failure(error)
        }
    }

    private struct Loader {
        let source: SourceText
        let readFile: (String) -> Result<[UInt8], FileReadError>

        func fail(_ message: String, at value: JSONValue? = nil) -> ScenarioError {
            ScenarioError(file: source.name, position: value.map { source.position(of: $0.span.start) }, message: message)
        }

        mutating func scenario() throws(ScenarioError) -> Scenario {
            let root: JSONValue
            do {
                root = try JSONParser.parse(source.bytes)
            } catch {
                throw ScenarioError(file: source.name, position: source.position(of: error.offset), message: error.message)
            }
            let fields = try object(root, allowed: Self.topLevel, what: "scenario")
            var policies = PolicySet()
            policies.identityPolicies = try policyList(fields["identityPolicies"], "identityPolicies", .identity)
            if let value = fields["resourcePolicy"], !value.isNull {
                policies.resourcePolicy = try policy(value, id: "resourcePolicy", type: nil)
            }
            policies.permissionsBoundaries = try policyList(fields["permissionsBoundaries"], "permissionsBoundaries", .boundary)
            policies.sessionPolicies = try policyList(fields["sessionPolicies"], "sessionPolicies", .session)
            policies.serviceControlPolicies = try levels(fields["scps"], "scps", .scp)
            policies.resourceControlPolicies = try levels(fields["rcps"], "rcps", .rcp)
            guard let requestsValue = fields["requests"], let requestValues = requestsValue.arrayValue else {
                throw fail("expected `requests` to be an array of requests", at: fields["requests"] ?? root)
            }
            var requests: [Scenario.Request] = []
            for value in requestValues { requests.append(try request(value)) }
            return Scenario(name: fields["name"]?.stringValue, policies: policies, requests: requests)
        }

        static var topLevel: Set<String> { ScenarioLoader.topLevelFields }

        func object(_ value: JSONValue, allowed: Set<String>, what: String) throws(ScenarioError) -> [String: JSONValue] {
            guard let members = value.objectValue else { throw fail("expected the \(what) to be an object", at: value) }
            var fields: [String: JSONValue] = [:]
            for member in members {
                guard allowed.contains(member.key) else {
                    let suggestion = Suggestions.closest(to: member.key, among: allowed)
                    throw ScenarioError(file: source.name, position: source.position(of: member.keySpan.start),
                        message: "unknown field `\(member.key)` in the \(what)" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
                }
                guard fields[member.key] == nil else {
                    throw ScenarioError(file: source.name, position: source.position(of: member.keySpan.start),
                        message: "duplicate field `\(member.key)` in the \(what)")
                }
                fields[member.key] = member.value
            }
            return fields
        }

        func policyList(_ value: JSONValue?, _ field: String, _ type: PolicyType) throws(ScenarioError) -> [CompiledPolicy] {
            guard let value else { return [] }
            guard let elements = value.arrayValue else { throw fail("expected `\(field)` to be an array of policies", at: value) }
            var policies: [CompiledPolicy] = []
            for (index, element) in elements.enumerated() {
                policies.append(try policy(element, id: "\(field)[\(index)]", type: type))
            }
            return policies
        }

        func levels(_ value: JSONValue?, _ field: String, _ type: PolicyType) throws(ScenarioError) -> [[CompiledPolicy]] {
            guard let value else { return [] }
            guard let elements = value.arrayValue else {
                throw fail("expected `\(field)` to be an array with one array of policies per organization level", at: value)
            }
            var levels: [[CompiledPolicy]] = []
            for (index, element) in elements.enumerated() {
                guard element.isArray else {
                    throw fail("expected `\(field)[\(index)]` to be the array of policies of one organization level", at: element)
                }
                levels.append(try policyList(element, "\(field)[\(index)]", type))
            }
            return levels
        }

        /// An inline policy object, or a path relative to the scenario file. A resource policy's
        /// type (trust or resource-based) is inferred from its shape.
        func policy(_ value: JSONValue, id: String, type: PolicyType?) throws(ScenarioError) -> CompiledPolicy {
            if let path = value.stringValue {
                let resolved = path.hasPrefix("/") ? path : directory(of: source.name) + path
                switch readFile(resolved) {
                case .failure(let error): throw fail(error.message, at: value)
                case .success(let bytes):
                    let policySource = SourceText(name: resolved, bytes: bytes)
                    let json = try? JSONParser.parse(bytes)
                    let policyType = type ?? json.map(PolicyType.inferResourcePolicy) ?? .resource
                    return CompiledPolicy(document: PolicyDocument(source: policySource, policyType: policyType), id: path)
                }
            }
            guard value.isObject else { throw fail("expected `\(id)` to be a policy object or a file path", at: value) }
            let policyType = type ?? PolicyType.inferResourcePolicy(from: value)
            return CompiledPolicy(document: PolicyDocument(source: source, json: value, policyType: policyType), id: id)
        }

        func request(_ value: JSONValue) throws(ScenarioError) -> Scenario.Request {
            let fields = try object(value, allowed: ScenarioLoader.requestFields, what: "request")
            func string(_ name: String, required: Bool = true) throws(ScenarioError) -> String? {
                guard let field = fields[name] else {
                    if required { throw fail("the request has no `\(name)`", at: value) }
                    return nil
                }
                guard let text = field.stringValue else { throw fail("expected `\(name)` to be a string", at: field) }
                return text
            }
            let principalText = try string("principal")!
            guard let principal = RequestPrincipal(principalText) else {
                throw fail("`\(principalText)` is not a principal: use a user, role, assumed-role, federated-user or root ARN, an account id, a service principal or `anonymous`", at: fields["principal"])
            }
            var request = AuthorizationRequest(principal: principal, action: try string("action")!, resource: try string("resource")!)
            request.principalAccount = try string("principalAccount", required: false)
            request.resourceAccount = try string("resourceAccount", required: false)
            if let management = fields["principalAccountIsManagementAccount"] {
                guard case .bool(let flag) = management.kind else {
                    throw fail("expected `principalAccountIsManagementAccount` to be true or false", at: management)
                }
                request.principalAccountIsManagementAccount = flag
            }
            if let context = fields["context"] { request.context = try self.context(context) }
            var expect: Decision?
            if let expected = try string("expect", required: false) {
                guard let decision = Decision(rawValue: expected) else {
                    throw fail("`\(expected)` is not a decision: use allowed, explicitDeny or implicitDeny", at: fields["expect"])
                }
                expect = decision
            }
            return Scenario.Request(name: try string("name", required: false), source: try string("source", required: false),
                request: request, expect: expect, position: source.position(of: value.span.start))
        }

        func context(_ value: JSONValue) throws(ScenarioError) -> RequestContext {
            guard let members = value.objectValue else { throw fail("expected `context` to be an object", at: value) }
            var context = RequestContext()
            for member in members {
                if let values = member.value.arrayValue {
                    var texts: [String] = []
                    for element in values { texts.append(try scalarText(element, key: member.key)) }
                    context[member.key] = .multiple(texts)
                } else {
                    context[member.key] = .single(try scalarText(member.value, key: member.key))
                }
            }
            return context
        }

        func scalarText(_ value: JSONValue, key: String) throws(ScenarioError) -> String {
            switch value.kind {
            case .string(let text): return text
            case .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            default: throw fail("expected the context value of `\(key)` to be a string, number or boolean", at: value)
            }
        }

        func directory(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "" }
            return String(path[...slash])
        }
    }
}

extension JSONValue {
    public var isNull: Bool { if case .null = kind { return true } else { return false } }
}
