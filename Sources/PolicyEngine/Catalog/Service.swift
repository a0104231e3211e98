/// One AWS service of the catalog (`s3`, `iam`, ...), parsed on first use.
public struct Service: Sendable, Hashable, CustomStringConvertible {
    let storage: ServiceStorage

    /// The lower-case prefix of its actions, such as `s3`.
    public var prefix: String { storage.prefix }
    /// The reference's name for it, such as `Amazon S3`.
    public var name: String { storage.name }
    /// AWS has retired the whole service.
    public var isDeprecated: Bool { storage.isDeprecated }
    public var description: String { prefix }

    /// Every action, current and retired, sorted by name ignoring case.
    public var actions: [Action] { storage.actions.indices.map { Action(storage: storage, index: $0) } }

    /// The action called `name`, ignoring case.
    public func action(named name: String) -> Action? {
        CaseFold.search(name, count: storage.actions.count) { storage.actions[$0].name }
            .map { Action(storage: storage, index: $0) }
    }

    public var resourceTypes: [ResourceType] { storage.resources }

    public func resourceType(named name: String) -> ResourceType? {
        CaseFold.search(name, count: storage.resources.count) { storage.resources[$0].name }
            .map { storage.resources[$0] }
    }

    /// Every condition key the service defines or its actions and resource types name.
    public var conditionKeys: [ConditionKey] { storage.conditionKeys }

    /// The key `name`, ignoring case, or the template it instantiates
    /// (`s3:ExistingObjectTag/<key>` for `s3:ExistingObjectTag/env`).
    public func conditionKey(named name: String) -> ConditionKey? {
        let keys = storage.conditionKeys
        if let index = CaseFold.search(name, count: keys.count, name: { keys[$0].name }) { return keys[index] }
        return keys.first { $0.isTemplate && $0.matches(name) }
    }

    public static func == (lhs: Service, rhs: Service) -> Bool { lhs.storage === rhs.storage }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(storage)) }
}

/// A resource type of a service, such as s3's `object`.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// ARN formats with `${Partition}`-style placeholders; most types have one, a few two.
    public let arnFormats: [String]
    /// Keys that apply to every action on this resource type, such as `aws:ResourceTag/${TagKey}`.
    public let conditionKeys: [ConditionKey]
    /// Kept only because a retired action uses it.
    public let isDeprecated: Bool

    public var description: String { name }
}

/// A service as parsed from the catalog text. Actions keep their lists as ranges into shared
/// flat arrays, so parsing a service allocates little more than the names.
final class ServiceStorage: Sendable {
    let prefix: String
    let name: String
    let isDeprecated: Bool
    let conditionKeys: [ConditionKey]
    let resources: [ResourceType]
    let actions: [ActionRecord]
    let resourceReferences: [ResourceReference]
    let keyIndices: [UInt16]
    let dependentActions: [String]

    init(
        prefix: String, name: String, isDeprecated: Bool, conditionKeys: [ConditionKey], resources: [ResourceType],
        actions: [ActionRecord], resourceReferences: [ResourceReference], keyIndices: [UInt16],
        dependentActions: [String]
    ) {
        self.prefix = prefix
        self.name = name
        self.isDeprecated = isDeprecated
        self.conditionKeys = conditionKeys
        self.resources = resources
        self.actions = actions
        self.resourceReferences = resourceReferences
        self.keyIndices = keyIndices
        self.dependentActions = dependentActions
    }

    func keys(_ range: Range<Int>) -> [ConditionKey] { keyIndices[range].map { conditionKeys[Int($0)] } }
}

struct ActionRecord: Sendable {
    var name: String
    var access: PackedAccessLevels
    var isDeprecated: Bool
    /// Ranges into `resourceReferences`, `keyIndices` and `dependentActions`.
    var resources: Range<Int>
    var keys: Range<Int>
    var dependentActions: Range<Int>
}

struct ResourceReference: Sendable {
    var resource: UInt16
    var isRequired: Bool
    var keys: Range<Int>
}
