import Testing

@testable import PolicyEngine

/// Every action AWS's own managed policies name must be in the catalog, current or deprecated.
@Suite struct ManagedPolicyActionTests {
    /// Names in the managed policies that the Service Authorization Reference has never listed:
    /// mistakes in AWS's own policies (an API name instead of the IAM action, a typo) and one
    /// permission AWS grants only to a service-linked role. The catalog rightly calls them unknown.
    static let notInTheReference: Set<String> = [
        "s3:ListBuckets",  // the action is s3:ListAllMyBuckets
        "s3:ListObjects",  // the ListObjects API needs s3:ListBucket
        "s3:ListObjectsV2",
        "ssm:RemoveTagsToResource",  // the action is ssm:RemoveTagsFromResource
        "memorydb:ReplicateMultiRegionClusterData",  // MemoryDBServiceRolePolicy only
    ]

    @Test(.enabled(if: TestPaths.managedPoliciesExist, "the managed-policy corpus is not beside the repository"))
    func everyActionInTheManagedPoliciesIsKnownOrDeprecated() throws {
        let found = FileSystem.files(under: TestPaths.managedPolicies.path, extensions: [".json"])
        var names = Set<String>()
        for path in found.files {
            let bytes = try FileSystem.readFile(path).get()
            let document = PolicyDocument(source: SourceText(name: path, bytes: bytes), policyType: .identity)
            for statement in document.policy?.statements ?? [] {
                for value in statement.action?.values ?? [] { names.insert(value.value) }
            }
        }
        let catalog = ServiceCatalog.shared
        var known = (actions: 0, patterns: 0)
        var deprecated: [String] = []
        var other: [String] = []
        for name in names.sorted() {
            switch catalog.resolve(name) {
            case .known: if ActionPattern(name)?.hasWildcards == true { known.patterns += 1 } else { known.actions += 1 }
            case .deprecated: deprecated.append(name)
            case .unknownService, .unknownAction, .invalid: other.append(name)
            }
        }
        print("""
            managed policies: \(found.files.count) files, \(names.count) distinct Action values: \
            \(known.actions) known actions, \(known.patterns) patterns matching known actions, \
            \(deprecated.count) deprecated, \(other.count) other
            """)
        print("other: \(other.joined(separator: ", "))")
        #expect(found.files.count >= 1_388)
        #expect(Set(other) == Self.notInTheReference, "not known, not deprecated: \(other.filter { !Self.notInTheReference.contains($0) })")
        #expect(deprecated.contains("codestar:CreateProject") || deprecated.contains { $0.hasPrefix("codestar:") })
    }
}
