import Testing

@testable import PolicyEngine

@Suite struct CatalogLoadingTests {
    @Test func aLookupParsesOnlyTheServicesItTouches() throws {
        let catalog = ServiceCatalog()  // a cache of its own, so other tests do not interfere
        #expect(catalog.loadedServicePrefixes.isEmpty)
        #expect(catalog.action("s3:GetObject")?.accessLevel == .read)
        #expect(catalog.action("iam:PassRole")?.accessLevel == .write)
        #expect(catalog.expand("s3:Get*").count > 0)
        #expect(catalog.loadedServicePrefixes == ["iam", "s3"])
        #expect(!catalog.loadedServicePrefixes.contains("ec2"))
    }

    @Test func aWildcardServiceParsesOnlyTheServicesItMatches() {
        let catalog = ServiceCatalog()
        _ = catalog.expand("ec2*:Describe*")
        #expect(!catalog.loadedServicePrefixes.isEmpty)
        #expect(catalog.loadedServicePrefixes.allSatisfy { $0.hasPrefix("ec2") })
    }

    @Test func loadingEverythingParsesEveryService() {
        let catalog = ServiceCatalog()
        catalog.loadAllServices()
        #expect(catalog.loadedServicePrefixes.count == CatalogManifest.serviceCount + CatalogManifest.retiredServiceCount)
    }

    @Test func concurrentLookupsAgree() async {
        let catalog = ServiceCatalog()
        let prefixes = ["s3", "iam", "ec2", "kms", "lambda", "sts", "dynamodb", "sqs"]
        let counts = await withTaskGroup(of: (String, Int).self) { group in
            for round in 0..<64 {
                let prefix = prefixes[round % prefixes.count]
                group.addTask { (prefix, catalog.expand("\(prefix):*").count) }
            }
            var counts: [String: Set<Int>] = [:]
            for await (prefix, count) in group { counts[prefix, default: []].insert(count) }
            return counts
        }
        for prefix in prefixes {
            #expect(counts[prefix] == [CatalogManifest.actionCounts[prefix]!], "\(prefix)")
        }
    }

    @Test func aSmallCatalogTextReadsAsSpecified() throws {
        let body = """
            S\tdemo\tDemo \\t Service\t2\t1\t3
            K\tdemo:Color\tString
            K\tdemo:Sizes\tArrayOfString\tdeprecated
            R\twidget\tarn:${Partition}:demo:::widget/${Name}|arn:${Partition}:demo:::w/${Name}\t0
            A\tGetWidget\tR\twidget*=1\t0\tdemo:ListWidgets
            A\tListWidgets\tL
            D\tOldThing

            """
        let text = "#PLCAT\t2\tsource=test 1\tupdated=today\tdeps=test 0\thistory=test 0\n"
            + "G\taws:SourceIp\tIPAddress\tnetwork\n"
            + "I\tdemo\t0\t\(body.utf8.count)\n#END-INDEX\n" + body
        let catalog = try ServiceCatalog(text: text)
        #expect(catalog.source == CatalogSource(version: "test 1", updated: "today", dependentActionsVersion: "test 0", history: ["test 0"]))
        #expect(catalog.globalConditionKeys.map(\.name) == ["aws:SourceIp"])
        let service = try #require(catalog.service("DEMO"))
        #expect(service.name == "Demo \t Service")
        let get = try #require(service.action(named: "getwidget"))
        #expect(get.accessLevels == [.read])
        #expect(get.resourceTypes.map(\.name) == ["widget"])
        #expect(get.resourceTypes[0].isRequired)
        #expect(get.resourceTypes[0].arnFormats.count == 2)
        #expect(get.resourceTypes[0].conditionKeys.map(\.name) == ["demo:Sizes"])
        #expect(get.conditionKeys.map(\.name) == ["demo:Color", "demo:Sizes"])
        #expect(get.conditionKeys[1].isDeprecated)
        #expect(get.dependentActions == ["demo:ListWidgets"])
        let list = try #require(catalog.action("demo:ListWidgets"))
        #expect(!list.supportsResourceLevelPermissions && list.conditionKeys.isEmpty)
        let old = try #require(catalog.action("demo:OldThing"))
        #expect(old.isDeprecated && old.accessLevel == nil)
    }

    @Test(arguments: [
        "",
        "#PLCAT\t1\n#END-INDEX\n",
        "#PLCAT\t2\nI\tdemo\t0\t999\n#END-INDEX\nS\tdemo\tDemo\t0\t0\t0\n",
        "#PLCAT\t2\nI\tdemo\t0\t12\n",
        "#PLCAT\t2\nX\tjunk\n#END-INDEX\n",
    ])
    func malformedTextIsAnError(text: String) {
        #expect(throws: CatalogFormatError.self) { try ServiceCatalog(text: text) }
    }
}
