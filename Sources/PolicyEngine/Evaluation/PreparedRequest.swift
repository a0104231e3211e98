/// The request with what every statement needs worked out once: the action lower-cased, its
/// service prefix hashed, the resource split, the principal's facts, whether the accounts
/// match. Its byte views point at storage that lives only for the `with` call, so preparing
/// a request allocates nothing; it must not escape that closure.
struct PreparedRequest {
    /// The action, ASCII letters lower-cased: action patterns compare these bytes.
    let action: UnsafeBufferPointer<UInt8>
    /// The lower-cased action up to its first colon (all of it when there is none).
    let service: ServicePrefix
    let resource: ResourceView
    /// The request's keys and principal, for conditions and policy variables.
    let context: EvaluationContext
    let hasPermissionsBoundary: Bool
    let isSameAccount: Bool
    let isIAMIdentity: Bool
    let isRoot: Bool
    let isSession: Bool
    let isFederatedUser: Bool
    let isServiceLinkedRole: Bool
    let principalAccountIsManagementAccount: Bool

    /// Inlined into its caller so the closures' captures are borrowed, not copied.
    @inline(__always)
    static func with(
        _ request: borrowing AuthorizationRequest, hasPermissionsBoundary: Bool, _ body: (PreparedRequest) -> EvaluationResult
    ) -> EvaluationResult {
        var action = request.action
        var resource = request.resource
        return action.withUTF8 { action in
            withLowerCased(action) { loweredAction, colon in
                let service = ServicePrefix(UnsafeBufferPointer(rebasing: loweredAction[..<colon]))
                return resource.withUTF8 { resource in
                    body(PreparedRequest(request, action: loweredAction, service: service, resource: ResourceView(bytes: resource),
                        hasPermissionsBoundary: hasPermissionsBoundary))
                }
            }
        }
    }

    /// The action with ASCII letters lower-cased, in a buffer on the stack (on the heap for
    /// the rare action longer than it), and the index of its first colon (its length if none).
    /// Not `withUnsafeTemporaryAllocation`: through it the callers' captures were copied.
    @inline(__always)
    private static func withLowerCased(
        _ action: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) -> EvaluationResult
    ) -> EvaluationResult {
        func lower(into buffer: UnsafeMutableBufferPointer<UInt8>) -> EvaluationResult {
            // Up to the first colon, then the rest without looking for one.
            var index = 0
            while index < action.count, action[index] != UInt8(ascii: ":") {
                buffer[index] = CaseFold.lower(action[index])
                index += 1
            }
            let colon = index
            while index < action.count {
                buffer[index] = CaseFold.lower(action[index])
                index += 1
            }
            return body(UnsafeBufferPointer(rebasing: buffer[..<action.count]), colon)
        }
        var inline: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        if action.count <= MemoryLayout.size(ofValue: inline) {
            return withUnsafeMutableBytes(of: &inline) { lower(into: $0.bindMemory(to: UInt8.self)) }
        }
        var heap = [UInt8](repeating: 0, count: action.count)
        return heap.withUnsafeMutableBufferPointer { lower(into: $0) }
    }

    private init(
        _ request: borrowing AuthorizationRequest, action: UnsafeBufferPointer<UInt8>, service: ServicePrefix, resource: ResourceView,
        hasPermissionsBoundary: Bool
    ) {
        self.action = action
        self.service = service
        self.resource = resource
        self.hasPermissionsBoundary = hasPermissionsBoundary
        let principal = request.sharedPrincipal.value
        isSameAccount = Self.sameAccount(request, resource)
        isIAMIdentity = principal.isIAMIdentity
        isRoot = principal.isRoot
        isSession = principal.isSession
        isFederatedUser = principal.isFederatedUser
        isServiceLinkedRole = principal.isServiceLinkedRole
        principalAccountIsManagementAccount = request.principalAccountIsManagementAccount
        context = EvaluationContext(given: request.context, shared: request.sharedPrincipal)
    }

    /// The principal's account (as given, else from its ARN) against the resource's (as given,
    /// else the ARN's account segment, else the principal's own).
    private static func sameAccount(_ request: borrowing AuthorizationRequest, _ resource: ResourceView) -> Bool {
        guard request.principalAccount == nil, request.resourceAccount == nil else { return sameGivenAccount(request, resource) }
        // Most requests name neither account: the principal's own, as bytes, against the ARN's.
        guard let own = request.sharedPrincipal.accountUTF8 else { return false }
        guard let account = resource.account else { return true }
        return own.withUnsafeBufferPointer { sameText($0, account) }
    }

    private static func sameGivenAccount(_ request: borrowing AuthorizationRequest, _ resource: ResourceView) -> Bool {
        guard var principalAccount = request.principalAccount ?? request.sharedPrincipal.value.account else { return false }
        if let given = request.resourceAccount { return given == principalAccount }
        guard let account = resource.account else { return true }
        return principalAccount.withUTF8 { sameText($0, account) }
    }

    /// String equality of two UTF-8 texts: different bytes are different strings unless
    /// Unicode equivalence says otherwise, which only non-ASCII text can.
    private static func sameText(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        if ServicePrefix.equal(lhs, rhs) { return true }
        let ascii = lhs.allSatisfy { $0 < 0x80 } && rhs.allSatisfy { $0 < 0x80 }
        return !ascii && String(decoding: lhs, as: UTF8.self) == String(decoding: rhs, as: UTF8.self)
    }
}

/// A lower-cased service prefix and its hash: policies find their statements for a service by
/// comparing hashes, and confirm a hit byte for byte.
struct ServicePrefix {
    let bytes: UnsafeBufferPointer<UInt8>
    let hash: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        hash = Self.hash(bytes)
    }

    /// FNV-1a: a few instructions a byte, and prefixes are short.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    func `is`(_ name: StaticString) -> Bool { Self.equal(bytes, name) }

    /// Whether `bytes` are exactly a literal's, such as a JSON key or a placeholder name.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        equal(bytes, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Byte equality without the generic `elementsEqual`, which does not inline here.
    @inline(__always)
    static func equal(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
        return true
    }
}
