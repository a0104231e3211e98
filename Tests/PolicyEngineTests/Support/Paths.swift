import Foundation

/// Locations the tests read from, found from this file rather than the working directory.
enum TestPaths {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // PolicyEngineTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let fixtures = repositoryRoot.appendingPathComponent("Fixtures")

    /// The shared reference data that sits beside the repository on developer machines and CI;
    /// tests that need it are skipped when it is absent.
    static let sharedData = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    static let managedPolicies = sharedData.appendingPathComponent("managed-policies")

    static var managedPoliciesExist: Bool {
        FileManager.default.fileExists(atPath: managedPolicies.path)
    }
}
