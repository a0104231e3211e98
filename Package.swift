// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policylint",
    products: [
        .library(name: "PolicyEngine", targets: ["PolicyEngine"]),
        .executable(name: "policylint", targets: ["policylint"]),
    ],
    targets: [
        .target(name: "PolicyEngine"),
        .target(name: "PolicyLintCLI", dependencies: ["PolicyEngine"]),
        .executableTarget(
            name: "policylint", dependencies: ["PolicyLintCLI"],
            // The Swift runtime linked in: a hook or CI step starts the tool for every run, and a
            // static runtime starts about 2 ms sooner and is called without the PLT.
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        .executableTarget(
            name: "parser-benchmark", dependencies: ["PolicyEngine"], path: "Benchmarks/ParserBenchmark"),
        .executableTarget(
            name: "evaluation-benchmark", dependencies: ["PolicyEngine"], path: "Benchmarks/EvaluationBenchmark"),
        .executableTarget(name: "catalog-benchmark", dependencies: ["PolicyEngine"], path: "Benchmarks/CatalogBenchmark"),
        .executableTarget(name: "snapshot-benchmark", dependencies: ["PolicyEngine"], path: "Benchmarks/SnapshotBenchmark"),
        .executableTarget(
            name: "analysis-benchmark", dependencies: ["PolicyEngine"], path: "Benchmarks/AnalysisBenchmark"),
        .testTarget(name: "PolicyEngineTests", dependencies: ["PolicyEngine"]),
        .testTarget(name: "policylintTests", dependencies: ["PolicyLintCLI", "PolicyEngine"]),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
