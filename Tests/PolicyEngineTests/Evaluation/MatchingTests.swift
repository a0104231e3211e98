import Testing

@testable import PolicyEngine

@Suite struct GlobTests {
    @Test(arguments: [
        ("*", "", true), ("*", "anything", true), ("a*c", "abbbc", true), ("a*c", "ab", false),
        ("a?c", "abc", true), ("a?c", "ac", false), ("a?c", "aéc", true), ("*a*b*", "xxaxxbxx", true),
        ("*a*b*", "xxbxxaxx", false), ("a*", "A", false), ("**", "x", true), ("*?", "", false),
        ("???", "日本語", true), ("a*a*a*a*a*b", String(repeating: "a", count: 200), false),
    ])
    func wildcardsMatchAsIAMDescribes(pattern: String, text: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(text) == expected)
    }

    @Test func literalPartsOfAPatternDoNotActAsWildcards() {
        var pattern = GlobPattern("home/")
        pattern.appendLiteral("*")
        pattern.appendPattern("/x")
        #expect(pattern.matches("home/*/x"))
        #expect(!pattern.matches("home/a/x"))
    }
}

@Suite struct PathGlobTests {
    @Test(arguments: [
        ("*.json", "a.json", true), ("*.json", "dir/a.json", false), ("**/a.json", "a.json", true),
        ("**/a.json", "x/y/a.json", true), ("x/**", "x/y/z", true), ("x/*", "x/y/z", false),
        ("a.json", "./a.json", true), ("a.json", "././a.json", true), ("d?r/*.json", "dir/é.json", true),
        ("dir//a", "dir//a", true), ("dir/a", "dir//a", false), ("**", "", true),
    ])
    func segmentsMatchOneByOneAndDoubleStarsCrossThem(glob: String, path: String, expected: Bool) {
        #expect(PathGlob(glob).matches(path) == expected)
    }

    @Test func aNameIsWhatFollowsTheLastSlash() {
        #expect(PathGlob("c.json").matchesName(in: "a/b/c.json"))
        #expect(PathGlob("c.json").matchesName(in: "c.json"))
        #expect(PathGlob("").matchesName(in: "dir/") && !PathGlob("?").matchesName(in: "dir/"))
        #expect(PathGlob("x/*.json").hasSeparator && !PathGlob("*.json").hasSeparator)
        for (glob, path) in [("*.json", "a/b/c.json"), ("*.json", "c.yaml"), ("**", "a/b"), ("c?json", "x/c.json"), ("*.json", "dir/")] {
            let name = String(path.split(separator: "/", omittingEmptySubsequences: false).last!)
            #expect(PathGlob(glob).matchesName(in: path) == PathGlob(glob).matches(name), "\(glob) \(path)")
        }
    }
}

@Suite struct ARNMatcherTests {
    @Test(arguments: [
        ("*", "*", true), ("*", "arn:aws:s3:::b", true), ("arn:aws:s3:::*", "*", false),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c", true), ("arn:aws:s3:::b/*", "arn:aws:s3:::bb/a", false),
        ("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true),
        ("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:444455556666:instance/i-1", false),
        ("arn:aws:sns:*", "arn:aws:sns:eu-west-1:111122223333:t", true),
        ("arn:aws:sns", "arn:aws:sns:eu-west-1:111122223333:t", false),
        ("arn:aws:logs:eu-west-1:111122223333:log-group:*", "arn:aws:logs:eu-west-1:111122223333:log-group:a:log-stream:b", true),
        ("arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", false),
        ("arn:*:s3:::b", "arn:aws-cn:s3:::b", true),
    ])
    func resourcesMatchSegmentBySegment(pattern: String, resource: String, expected: Bool) {
        #expect(ARNMatcher.matches(GlobPattern(pattern), resource: resource) == expected)
    }
}

@Suite struct ConditionOperatorTests {
    @Test(arguments: [
        ("StringEquals", ConditionOperator.Family.string, false, false, nil as ConditionOperator.SetQualifier?),
        ("StringNotLikeIfExists", .string, true, true, nil),
        ("ForAllValues:StringLike", .string, false, false, .forAllValues),
        ("ForAnyValue:StringNotEqualsIfExists", .string, true, true, .forAnyValue),
        ("NumericLessThanEqualsIfExists", .numeric, false, true, nil),
        ("DateNotEquals", .date, true, false, nil),
        ("BoolIfExists", .bool, false, true, nil),
        ("NotIpAddress", .ipAddress, true, false, nil),
        ("ArnNotLike", .arn, true, false, nil),
        ("BinaryEquals", .binary, false, false, nil),
        ("Null", .null, false, false, nil),
    ])
    func operatorNamesAreTakenApart(name: String, family: ConditionOperator.Family, negated: Bool, ifExists: Bool,
        qualifier: ConditionOperator.SetQualifier?)
    {
        let op = ConditionOperator(name)
        #expect(op?.family == family)
        #expect(op?.isNegated == negated)
        #expect(op?.ifExists == ifExists)
        #expect(op?.qualifier == qualifier)
    }

    @Test(arguments: ["StringEqualz", "stringequals", "NullIfExists", "ForAllValues:", "IfExists", "ForSomeValues:StringEquals"])
    func unknownOperatorsAreRejected(name: String) {
        #expect(ConditionOperator(name) == nil)
    }

    @Test(arguments: [
        ("2026-01-01", 1_767_225_600.0), ("2026-01-01T00:00:00Z", 1_767_225_600), ("2026-01-01T01:00:00+01:00", 1_767_225_600),
        ("2026-01-01T00:00Z", 1_767_225_600), ("1767225600", 1_767_225_600), ("2026-01-01T00:00:00.5Z", 1_767_225_600.5),
        ("1970-01-01", 0), ("2024-02-29", 1_709_164_800),
    ])
    func datesParseAsISO8601OrEpochSeconds(text: String, seconds: Double) {
        #expect(ConditionDate.parse(text) == seconds)
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "tomorrow", "2026-01-01T25:00Z", "2026-01-01T00:00:00+0"])
    func invalidDatesAreRejected(text: String) {
        #expect(ConditionDate.parse(text) == nil)
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("203.0.113.7", "203.0.113.7", true),
        ("203.0.113.7", "203.0.113.8", false), ("0.0.0.0/0", "198.51.100.1", true), ("2001:db8::/32", "2001:db8:ffff::1", true),
        ("2001:db8::/32", "2001:db9::1", false), ("10.0.0.0/8", "::ffff:10.0.0.1", false), ("::/0", "10.0.0.1", false),
        ("192.168.1.0/23", "192.168.0.5", true),
    ])
    func networksContainAddresses(network: String, address: String, expected: Bool) {
        #expect(IPNetwork(network)?.contains(address: address) == expected)
    }
}

@Suite struct PrincipalParsingTests {
    @Test(arguments: [
        ("arn:aws:iam::111122223333:user/dev/alice", RequestPrincipal.user(account: "111122223333", path: "/dev/", name: "alice")),
        ("arn:aws:iam::111122223333:role/AppRole", .roleSession(account: "111122223333", roleName: "AppRole", path: "/", sessionName: nil)),
        ("arn:aws:sts::111122223333:assumed-role/AppRole/s1", .roleSession(account: "111122223333", roleName: "AppRole", path: nil, sessionName: "s1")),
        ("arn:aws:sts::111122223333:federated-user/carol", .federatedUser(account: "111122223333", name: "carol")),
        ("arn:aws:iam::111122223333:root", .root(account: "111122223333")),
        ("111122223333", .root(account: "111122223333")),
        ("s3.amazonaws.com", .service("s3.amazonaws.com")),
        ("accounts.google.com", .federatedProvider("accounts.google.com")),
        ("anonymous", .anonymous),
    ])
    func principalsParse(text: String, expected: RequestPrincipal) {
        #expect(RequestPrincipal(text) == expected)
    }

    @Test func aRoleSessionsPrincipalArnIsTheRole() {
        let session = RequestPrincipal("arn:aws:sts::111122223333:assumed-role/AppRole/s1")
        #expect(session?.principalArnKey == "arn:aws:iam::111122223333:role/AppRole")
        #expect(RequestPrincipal("not a principal") == nil)
    }
}
