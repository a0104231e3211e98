import Testing

@testable import PolicyEngine

/// `UncoveredRequest` may only ever prove "not covered": whenever it finds a request, the exact
/// inclusion (`StatementInclusion`) must not say the outer statement covers the inner one.
@Suite struct UncoveredRequestTests {
    func statements(_ text: String) -> [CompiledStatement] { compiled(text).statements }

    func inclusion(_ statements: [CompiledStatement], outer: Int, inner: Int) -> Bool? {
        StatementInclusion(statements, checksPrincipal: false).covers(outer, inner)
    }

    @Test func agreesWithTheExactInclusionOnRandomPairs() {
        var generator = CaseGenerator(random: SeededGenerator(state: 20_261_201))
        var refuted = 0
        var covered = 0
        for _ in 0..<1_500 {
            let pair = statements([generator.statement(withPrincipal: false), generator.statement(withPrincipal: false)]
                .joined(separator: ", "))
            for (inner, outer) in [(0, 1), (1, 0)] {
                let exact = inclusion(pair, outer: outer, inner: inner)
                if exact == true { covered += 1 }
                guard UncoveredRequest.exists(in: pair[inner], outside: pair[outer]) else { continue }
                refuted += 1
                #expect(exact != true, "a request told apart statements the inclusion says cover each other: \(pair[inner].span)")
            }
        }
        // Both answers must be common, or agreement means little.
        #expect(refuted > 500 && covered > 100, "refuted \(refuted), covered \(covered)")
    }

    @Test func conditionsOnKeysTheInnerStatementLeavesOpen() {
        let pair = statements("""
            {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLike": {"aws:RequestTag/team": "*"}}},
            {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:instance/*"}
            """)
        #expect(UncoveredRequest.exists(in: pair[1], outside: pair[0]))  // no tag in the request
        #expect(UncoveredRequest.exists(in: pair[0], outside: pair[1]))  // another resource
    }

    @Test func policyVariablesTakeAValue() {
        // The caller's account and a principal tag, read by variables in a Resource and a condition.
        let pair = statements("""
            {"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:*:*:key/${aws:PrincipalTag/KeyId}", "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}, "Null": {"kms:EncryptionContextKeys": "false"}}},
            {"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "arn:aws:kms:*:*:key/${aws:PrincipalTag/KeyId}", "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}}
            """)
        #expect(UncoveredRequest.exists(in: pair[1], outside: pair[0]))  // no encryption context
        #expect(inclusion(pair, outer: 0, inner: 1) == false)
        #expect(!UncoveredRequest.exists(in: pair[0], outside: pair[1]) || inclusion(pair, outer: 1, inner: 0) != true)
    }

    @Test func findsNothingWhereTheOuterStatementCovers() {
        let pair = statements("""
            {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x", "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}, "Bool": {"aws:SecureTransport": "true"}}}
            """)
        #expect(!UncoveredRequest.exists(in: pair[1], outside: pair[0]))
        #expect(inclusion(pair, outer: 0, inner: 1) == true)
        #expect(UncoveredRequest.exists(in: pair[0], outside: pair[1]))
    }
}
