/// The access levels of the Service Authorization Reference.
public enum AccessLevel: String, Sendable, CaseIterable, Comparable {
    case list = "List"
    case read = "Read"
    case write = "Write"
    case permissionsManagement = "Permissions management"
    case tagging = "Tagging"

    /// In the order the reference lists them, from the least to the most powerful kind.
    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One action of a service, such as `s3:GetObject`: a view into its service's parsed data.
public struct Action: Sendable, Hashable, CustomStringConvertible {
    let storage: ServiceStorage
    let index: Int

    var record: ActionRecord { storage.actions[index] }

    public var servicePrefix: String { storage.prefix }
    public var service: Service { Service(storage: storage) }
    public var name: String { record.name }
    /// `service:Action`, in the reference's case.
    public var fullName: String { storage.prefix + ":" + record.name }
    public var description: String { fullName }

    /// Every level the reference gives, primary first ("Tagging, Write" since 2026). Empty only for
    /// a retired action whose record predates the catalog's sources.
    public var accessLevels: [AccessLevel] { record.access.levels }

    /// The primary access level: the first one listed.
    public var accessLevel: AccessLevel? { storage.actions[index].access.primary }

    /// AWS has retired the action (or its whole service); it is kept so policies that still name
    /// it are told so rather than that it does not exist.
    public var isDeprecated: Bool { storage.actions[index].isDeprecated }

    /// The resource types the action applies to, in the reference's order.
    public var resourceTypes: [ActionResourceType] {
        storage.resourceReferences[record.resources].map { reference in
            ActionResourceType(
                resourceType: storage.resources[Int(reference.resource)], isRequired: reference.isRequired,
                conditionKeys: storage.keys(reference.keys))
        }
    }

    /// The positions of its resource types in the service's list, for callers that answer per
    /// type (without building each type's condition keys).
    var resourceTypeIndices: LazyMapSequence<ArraySlice<ResourceReference>, Int> {
        storage.resourceReferences[record.resources].lazy.map { Int($0.resource) }
    }

    /// False for an action that takes only `"Resource": "*"`, such as `s3:ListAllMyBuckets`.
    public var supportsResourceLevelPermissions: Bool { !storage.actions[index].resources.isEmpty }

    /// The condition keys the reference lists for the action: its own, then those of its
    /// (action, resource type) pairs, without repeats.
    public var conditionKeys: [ConditionKey] {
        var indices = Array(storage.keyIndices[record.keys])
        for reference in storage.resourceReferences[record.resources] {
            for key in storage.keyIndices[reference.keys] where !indices.contains(key) { indices.append(key) }
        }
        return indices.map { storage.conditionKeys[Int($0)] }
    }

    /// The condition key `name` (or the template it instantiates, such as
    /// `aws:ResourceTag/${TagKey}` for `aws:ResourceTag/team`) if a policy may use it with this
    /// action: one of `conditionKeys` or a key of one of its resource types. Global keys are
    /// the catalog's (`ServiceCatalog.globalConditionKey`).
    public func conditionKey(named name: String) -> ConditionKey? {
        var candidates = conditionKeys
        for resource in resourceTypes { candidates += resource.resourceType.conditionKeys }
        return candidates.first { CaseFold.equal($0.name, name) }
            ?? candidates.first { $0.isTemplate && $0.matches(name) }
    }

    /// Actions that a request for this one also needs permission for, such as `iam:PassRole`
    /// for `ec2:RunInstances`.
    public var dependentActions: [String] { Array(storage.dependentActions[record.dependentActions]) }

    public static func == (lhs: Action, rhs: Action) -> Bool { lhs.storage === rhs.storage && lhs.index == rhs.index }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(storage))
        hasher.combine(index)
    }
}

/// A resource type as one action uses it.
public struct ActionResourceType: Sendable, Hashable {
    public let resourceType: ResourceType
    /// The reference's asterisk: a request for the action always names such a resource.
    public let isRequired: Bool
    /// Keys that apply to this (action, resource type) pair only.
    public let conditionKeys: [ConditionKey]

    public var name: String { resourceType.name }
    public var arnFormats: [String] { resourceType.arnFormats }
}

/// Access levels packed three bits each, primary in the lowest bits, so an action record
/// stays small and needs no array.
struct PackedAccessLevels: Sendable {
    var bits: UInt16 = 0

    init(codes: UnsafeBufferPointer<UInt8>) throws(CatalogFormatError) {
        var shift: UInt16 = 0
        for code in codes {
            let number: UInt16
            switch code {
            case UInt8(ascii: "L"): number = 1
            case UInt8(ascii: "R"): number = 2
            case UInt8(ascii: "W"): number = 3
            case UInt8(ascii: "P"): number = 4
            case UInt8(ascii: "T"): number = 5
            default: throw CatalogFormatError(message: "unknown access level code `\(Character(Unicode.Scalar(code)))`")
            }
            guard shift < 15 else { throw CatalogFormatError(message: "too many access levels") }
            bits |= number << shift
            shift += 3
        }
    }

    var levels: [AccessLevel] {
        var levels: [AccessLevel] = []
        var rest = bits
        while let level = Self.level(rest & 0b111) {
            levels.append(level)
            rest >>= 3
        }
        return levels
    }

    /// The first level, without building the list: rules ask it of thousands of actions.
    var primary: AccessLevel? { Self.level(bits & 0b111) }

    private static func level(_ code: UInt16) -> AccessLevel? {
        switch code {
        case 0: nil
        case 1: .list
        case 2: .read
        case 3: .write
        case 4: .permissionsManagement
        default: .tagging
        }
    }
}
