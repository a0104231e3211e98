import Foundation
import Testing

@testable import PolicyEngine

/// Runs every request of every Fixtures/scenarios/*.json file and checks its expectation.
/// Each request carries, in "source", the AWS documentation rule it checks.
@Suite struct ScenarioTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("scenarios")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> Scenario {
        let path = folder.appendingPathComponent(name).path
        let bytes = try FileSystem.readFile(path).get()
        return try ScenarioLoader.load(SourceText(name: path, bytes: bytes)).get()
    }

    @Test func thereAreAtLeast150DocumentedRequests() throws {
        var count = 0
        for file in Self.files {
            let scenario = try Self.load(file)
            for request in scenario.requests {
                #expect(request.expect != nil, "\(file): \(request.name ?? "?") has no expectation")
                let source = request.source ?? ""
                #expect(source.contains("https://docs.aws.amazon.com/"), "\(file): \(request.name ?? "?") cites no AWS page")
            }
            count += scenario.requests.count
        }
        #expect(count >= 150)
    }

    @Test(arguments: files)
    func everyExpectationHolds(file: String) throws {
        let scenario = try Self.load(file)
        for entry in scenario.requests {
            let result = Evaluator.evaluate(entry.request, policies: scenario.policies)
            #expect(result.decision == entry.expect,
                "\(file):\(entry.position) \(entry.name ?? ""): got \(result.decision.rawValue) (\(result.reason)); \(entry.source ?? "")")
            if file.hasPrefix("fail-closed") {
                #expect(!result.errors.isEmpty, "\(file): \(entry.name ?? "") should report why it could not decide")
            } else {
                #expect(result.errors.isEmpty, "\(file): \(entry.name ?? ""): \(result.errors)")
            }
        }
    }

    @Test func unknownScenarioFieldsAreErrors() {
        let text = #"{"identityPolicies": [], "requests": [{"principal": "anonymous", "action": "s3:GetObject", "resource": "*", "expcet": "allowed"}]}"#
        guard case .failure(let error) = ScenarioLoader.load(SourceText(name: "s.json", text: text)) else {
            Issue.record("a misspelled field was accepted")
            return
        }
        #expect(error.description == "s.json:1:109: unknown field `expcet` in the request; did you mean `expect`?")
        let top = #"{"identityPolicy": [], "requests": []}"#
        guard case .failure(let topError) = ScenarioLoader.load(SourceText(name: "s.json", text: top)) else {
            Issue.record("a misspelled top-level field was accepted")
            return
        }
        #expect(topError.message == "unknown field `identityPolicy` in the scenario; did you mean `identityPolicies`?")
    }

    @Test func explanationsNameTheDecidingStatementAndTheMissingKeys() throws {
        let scenario = try Self.load("basics-effects-and-actions.json")
        let deny = try #require(scenario.requests.first { $0.name == "an explicit Deny overrides an Allow" })
        let result = Evaluator.evaluate(deny.request, policies: scenario.policies)
        #expect(result.matchedStatements.map(\.statementIndex) == [1])
        #expect(result.matchedStatements.first?.effect == .deny)
        #expect(result.matchedStatements.first?.layer == .identity)
        #expect(result.matchedStatements.first?.start.line ?? 0 > 1)

        let conditions = try Self.load("conditions-string.json")
        let missing = try #require(conditions.requests.first { $0.name == "a missing key makes StringEquals false" })
        let missingResult = Evaluator.evaluate(missing.request, policies: conditions.policies)
        #expect(missingResult.missingContextKeys.contains("aws:PrincipalTag/team"))
        #expect(missingResult.layers.identityPolicies == false)
    }
}
