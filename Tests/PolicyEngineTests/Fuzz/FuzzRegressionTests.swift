import Foundation
import Testing

/// Every input that ever crashed the fuzzer (Scripts/fuzz) is kept in Fixtures/fuzz-regressions/
/// and replayed through the same pipeline; a test that returns is a test that passed.
@Suite struct FuzzRegressionTests {
    static let directory = TestPaths.fixtures.appendingPathComponent("fuzz-regressions")

    static var inputs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    @Test func regressionFolderExists() {
        #expect(FileManager.default.fileExists(atPath: Self.directory.path))
    }

    @Test(arguments: inputs)
    func crashingInputNoLongerCrashes(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        FuzzPipeline.run(Array(data))
    }

    @Test func seedsRunThroughThePipeline() throws {
        // The pipeline itself must stay runnable on ordinary input, or the fuzzer tests nothing.
        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("policies/invalid/grammar-mistakes.json"))
        FuzzPipeline.run(Array(data))
    }
}
