import Testing

@testable import PolicyEngine

/// `rule-id ISSUE_CODE line:column path` for each finding, in source order.
func summarize(_ text: String, as type: PolicyType? = nil) -> [String] {
    let document = PolicyDocument(source: SourceText(name: "t.json", text: text), policyType: type)
    return document.locatedFindings.map { located in
        let finding = located.finding
        let path = finding.path.map(\.description).joined(separator: "/")
        return "\(finding.ruleId) \(finding.issueCode ?? "-") \(located.start) \(path)"
    }
}

private let allow = #""Effect": "Allow""#

@Suite struct PolicyDecoderTests {
    @Test func aCleanPolicyHasNoFindings() {
        let text = """
            {"Version": "2012-10-17", "Id": "p1", "Statement": [
              {"Sid": "Read1", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*",
               "Condition": {"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"s3:max-keys": 10}}},
              {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::*:role/x"]}
            ]}
            """
        #expect(summarize(text, as: .identity) == [])
    }

    @Test func decodesEveryElementIntoTheModel() throws {
        let text = """
            {"Version": "2012-10-17", "Statement": {"Sid": "A", "Effect": "Deny",
              "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/r"], "Service": "s3.amazonaws.com"},
              "Action": "s3:*", "NotResource": "arn:aws:s3:::b",
              "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}, "Bool": {"aws:SecureTransport": false}}}}
            """
        let document = PolicyDocument(source: SourceText(name: "t", text: text), policyType: .resource)
        #expect(document.findings.isEmpty)
        let policy = try #require(document.policy)
        #expect(policy.version?.value == "2012-10-17")
        #expect(policy.statementIsSingleObject)
        let statement = try #require(policy.statements.first)
        #expect(statement.sid?.value == "A")
        #expect(statement.effect?.value == .deny)
        let principal = try #require(statement.principal)
        #expect(principal.isNegated)
        guard case .entries(let entries) = principal.value else { Issue.record("expected entries"); return }
        #expect(entries.map(\.kind) == [.aws, .service])
        #expect(entries[0].values.map(\.value) == ["111122223333", "arn:aws:iam::111122223333:role/r"])
        #expect(statement.action?.isNegated == false)
        #expect(statement.action?.values.map(\.value) == ["s3:*"])
        #expect(statement.resource?.isNegated == true)
        let clauses = try #require(statement.condition?.clauses)
        #expect(clauses.map(\.operatorName.value) == ["StringEquals", "Bool"])
        #expect(clauses[0].key.value == "aws:PrincipalTag/team")
        #expect(clauses[0].values.map(\.value.text) == ["a", "b"])
        #expect(clauses[0].valuesWereArray)
        #expect(clauses[1].values.map(\.value) == [ConditionValue(text: "false", kind: .bool)])
        let source = document.source
        #expect(source.text(of: clauses[1].values[0].span) == "false")
    }

    @Test func principalWildcardAndEveryPrincipalKind() throws {
        let text = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
              {"Effect": "Allow", "Principal": {"AWS": "*", "Federated": "cognito-identity.amazonaws.com",
                "CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}, "Action": "s3:GetObject", "Resource": "*"}]}
            """
        let document = PolicyDocument(source: SourceText(name: "t", text: text), policyType: .resource)
        #expect(document.findings.isEmpty)
        let statements = try #require(document.policy?.statements)
        guard case .wildcard = statements[0].principal?.value else { Issue.record("expected *"); return }
        guard case .entries(let entries) = statements[1].principal?.value else { Issue.record("expected map"); return }
        #expect(entries.map(\.kind) == [.aws, .federated, .canonicalUser])
    }

    // Each grammar diagnostic, pinned to the element it is about.
    @Test(arguments: [
        (PolicyType.identity, #"[1]"#, ["data-type-mismatch DATA_TYPE_MISMATCH 1:1 "]),
        (.identity, #"{"Statement": [{\#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["missing-version MISSING_VERSION 1:1 "]),
        (.identity, #"{"Version": "2012-10-18", "Statement": [{\#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["invalid-version INVALID_VERSION 1:13 Version"]),
        (.identity, #"{"Version": 2012, "Statement": [{\#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:13 Version"]),
        (.identity, #"{"Version": "2012-10-17"}"#, ["missing-statement MISSING_STATEMENT 1:1 "]),
        (.identity, #"{"Version": "2012-10-17", "Statement": []}"#, ["missing-statement MISSING_STATEMENT 1:40 Statement"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": "x"}"#, ["data-type-mismatch DATA_TYPE_MISMATCH 1:40 Statement"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [7]}"#, ["data-type-mismatch DATA_TYPE_MISMATCH 1:41 Statement/0"]),
        (.identity, #"{"Version": "2012-10-17", "Statment": []}"#,
         ["missing-statement MISSING_STATEMENT 1:1 ", "unknown-element INVALID_POLICY_ELEMENT 1:27 Statment"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Action": "*", "Resource": "*"}]}"#,
         ["missing-effect MISSING_EFFECT 1:41 Statement/0"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}"#,
         ["invalid-effect INVALID_EFFECT 1:52 Statement/0/Effect"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Resource": "*"}]}"#,
         ["missing-action MISSING_ACTION 1:41 Statement/0"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*"}]}"#,
         ["missing-resource MISSING_RESOURCE 1:41 Statement/0"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}"#,
         ["unsupported-element-combination UNSUPPORTED_ELEMENT_COMBINATION 1:76 Statement/0/NotAction"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "NotResource": "*"}]}"#,
         ["unsupported-element-combination UNSUPPORTED_ELEMENT_COMBINATION 1:93 Statement/0/NotResource"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resouce": "*"}]}"#,
         ["missing-resource MISSING_RESOURCE 1:41 Statement/0", "unknown-element INVALID_POLICY_ELEMENT 1:76 Statement/0/Resouce"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": 5, "Resource": "*"}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:71 Statement/0/Action"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": ["s3:GetObject", 5], "Resource": "*"}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:88 Statement/0/Action/1"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": [], "Resource": "*"}]}"#,
         ["empty-action EMPTY_ARRAY_ACTION 1:71 Statement/0/Action"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": []}]}"#,
         ["empty-resource EMPTY_ARRAY_RESOURCE 1:88 Statement/0/Resource"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Sid": "", \#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["empty-sid EMPTY_SID_VALUE 1:49 Statement/0/Sid"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Sid": "read-all", \#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["unsupported-sid UNSUPPORTED_SID 1:49 Statement/0/Sid"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Sid": 1, \#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:49 Statement/0/Sid"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{"Sid": "A", \#(allow), "Action": "*", "Resource": "*"}, {"Sid": "A", \#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["duplicate-sid UNIQUE_SIDS_RECOMMENDED 1:114 Statement/1/Sid"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{"Sid": "A", \#(allow), "Principal": "*", "Action": "*", "Resource": "*"}, {"Sid": "A", \#(allow), "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
         ["duplicate-sid UNIQUE_SIDS_REQUIRED 1:132 Statement/1/Sid"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Effect": "Deny", "Action": "*", "Resource": "*"}]}"#,
         ["duplicate-key - 1:61 Statement/0/Effect"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
         ["unsupported-principal UNSUPPORTED_PRINCIPAL 1:61 Statement/0/Principal"]),
        (.boundary, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "NotPrincipal": "*", "Action": "*", "Resource": "*"}]}"#,
         ["unsupported-principal UNSUPPORTED_PRINCIPAL 1:61 Statement/0/NotPrincipal"]),
        (.scp, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
         ["unsupported-principal SCP_SYNTAX_ERROR_PRINCIPAL 1:61 Statement/0/Principal"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*"}]}"#,
         ["missing-principal MISSING_PRINCIPAL 1:41 Statement/0"]),
        (.trust, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
         ["unsupported-resource ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE 1:136 Statement/0/Resource"]),
        (.trust, #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}"#,
         ["unsupported-principal ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL 1:60 Statement/0/NotPrincipal"]),
        (.rcp, #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}]}"#,
         ["unsupported-not-action RCP_SYNTAX_ERROR_NOTACTION 1:78 Statement/0/NotAction"]),
        (.rcp, #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
         ["unsupported-principal RCP_SYNTAX_ERROR_PRINCIPAL 1:60 Statement/0/NotPrincipal"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": "arn:aws:iam::111122223333:root", "Action": "*", "Resource": "*"}]}"#,
         ["invalid-principal INVALID_PRINCIPAL_FORMAT 1:74 Statement/0/Principal"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": {"Aws": "*"}, "Action": "*", "Resource": "*"}]}"#,
         ["invalid-principal INVALID_PRINCIPAL_KEY 1:75 Statement/0/Principal/Aws"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": {}, "Action": "*", "Resource": "*"}]}"#,
         ["empty-principal EMPTY_OBJECT_PRINCIPAL 1:74 Statement/0/Principal"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": {"AWS": []}, "Action": "*", "Resource": "*"}]}"#,
         ["empty-principal EMPTY_ARRAY_PRINCIPAL 1:82 Statement/0/Principal/AWS"]),
        (.resource, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Principal": 3, "Action": "*", "Resource": "*"}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:74 Statement/0/Principal"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {}}]}"#,
         ["empty-condition EMPTY_OBJECT_CONDITION 1:106 Statement/0/Condition"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": []}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:106 Statement/0/Condition"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"StringEquals": "x"}}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:123 Statement/0/Condition/StringEquals"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": null}}}]}"#,
         ["data-type-mismatch DATA_TYPE_MISMATCH 1:140 Statement/0/Condition/StringEquals/aws:username"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": []}}}]}"#,
         ["empty-condition EMPTY_ARRAY_CONDITION 1:140 Statement/0/Condition/StringEquals/aws:username"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}}]}"#,
         ["empty-condition EMPTY_ARRAY_CONDITION_FORALLVALUES 1:152 Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}}]}"#,
         ["empty-condition EMPTY_ARRAY_CONDITION_FORANYVALUE 1:151 Statement/0/Condition/ForAnyValue:StringEquals/aws:TagKeys"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:username": []}}}]}"#,
         ["empty-condition EMPTY_ARRAY_CONDITION_IFEXISTS 1:148 Statement/0/Condition/StringEqualsIfExists/aws:username"]),
        (.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow), "Action": "*", "Resource": "*"}], "Statement": []}"#,
         ["duplicate-key - 1:95 Statement", "missing-statement MISSING_STATEMENT 1:108 Statement"]),
        (.identity, "{\"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\",\n    \"Resource\": \"*\",,\n  }]}",
         ["json-syntax JSON_SYNTAX_ERROR 5:21 "]),
    ] as [(PolicyType, String, [String])])
    func grammarDiagnosticsPointAtTheirElement(type: PolicyType, text: String, expected: [String]) {
        #expect(summarize(text, as: type) == expected)
    }

    @Test func keepsGoingAfterTheFirstProblem() {
        let text = """
            {"Statement": [
              {"Effect": "allow", "Action": [], "Resource": "*", "Foo": 1},
              {"Effect": "Deny", "Resource": "*"},
              "nonsense"
            ]}
            """
        #expect(summarize(text, as: .identity) == [
            "missing-version MISSING_VERSION 1:1 ",
            "invalid-effect INVALID_EFFECT 2:14 Statement/0/Effect",
            "empty-action EMPTY_ARRAY_ACTION 2:33 Statement/0/Action",
            "unknown-element INVALID_POLICY_ELEMENT 2:54 Statement/0/Foo",
            "missing-action MISSING_ACTION 3:3 Statement/1",
            "data-type-mismatch DATA_TYPE_MISMATCH 4:3 Statement/2",
        ])
    }

    @Test func suggestionsNameTheIntendedElement() throws {
        let text = #"{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "Action": "*", "Resouce": "*"}]}"#
        let document = PolicyDocument(source: SourceText(name: "t", text: text), policyType: .identity)
        let unknown = document.findings.filter { $0.ruleId == "unknown-element" }
        #expect(unknown.map(\.help) == ["did you mean `Effect`?", "did you mean `Resource`?"])
        let effect = #"{"Version": "2012-10-17", "Statement": [{"Effect": "ALLOW", "Action": "*", "Resource": "*"}]}"#
        let invalid = PolicyDocument(source: SourceText(name: "t", text: effect), policyType: .identity).findings
        #expect(invalid.first?.message == "`ALLOW` is not a valid effect")
        #expect(invalid.first?.help == "did you mean `Allow`? Effect is case sensitive")
    }

    @Test func findingsOnMultiByteLinesUseCharacterColumns() {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Sid": "日本", "Effect": "Alow", "Action": "*", "Resource": "*"}]}"#
        let findings = summarize(text, as: .identity)
        // `"Alow"` starts after byte 68 but at character 65: 日 and 本 are 3 bytes each.
        #expect(findings.contains("invalid-effect INVALID_EFFECT 1:65 Statement/0/Effect"))
        #expect(findings.contains("unsupported-sid UNSUPPORTED_SID 1:49 Statement/0/Sid"))
    }

    @Test(arguments: [
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#, PolicyType.identity),
        (#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#, .resource),
        (#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#, .trust),
        (#"{"Statement": {"Effect": "Allow", "Principal": {"Federated": "x"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]}}"#, .trust),
        (#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}]}"#, .resource),
        (#"[]"#, .identity),
        // Keys written with escapes, and repeated keys (the last one counts), as the decoder reads them.
        (#"{"St\u0061tement": [{"Effect": "Allow", "Princip\u0061l": "*", "Action": "s3:*", "Resource": "*"}]}"#, .resource),
        (#"{"Statement": [{"Principal": "*", "Action": "s3:*"}], "Statement": [{"Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#, .trust),
        (#"{"Statement": [{"Principal": "*", "Action": "sts:AssumeRole", "Action": "s3:GetObject"}]}"#, .resource),
        (#"{"Statement": ["not an object", {"Principal": "*", "Action": "sts:AssumeRole"}]}"#, .trust),
    ] as [(String, PolicyType)])
    func policyTypeIsInferredFromTheDocument(text: String, expected: PolicyType) throws {
        #expect(PolicyType.infer(from: try JSONParser.parse(text)) == expected)
        #expect(PolicyDocument(source: SourceText(name: "t", text: text)).policyType == expected)
    }
}
