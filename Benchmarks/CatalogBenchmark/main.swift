#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PolicyEngine

// Measures the embedded service catalog:
//  - in this process: a cold first lookup (index plus one service), s3 and iam together, and
//    an eager parse of every service, each on a fresh catalog, fastest and median of N rounds;
//  - as processes: `policylint describe s3:GetObject` (start plus first lookup) against a bare
//    `policylint --version`, M runs each, interleaved.
//
//   swift build -c release && .build/release/catalog-benchmark [--rounds N] [--runs M] [--policylint PATH]

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

func option(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

let rounds = Int(option("--rounds", default: "20")) ?? 20
let runs = Int(option("--runs", default: "50")) ?? 50
let ownFolder = String(CommandLine.arguments[0].reversed().drop { $0 != "/" }.reversed())
let policylint = option("--policylint", default: (ownFolder.isEmpty ? "./" : ownFolder) + "policylint")

struct Timing {
    var samples: [Double] = []
    var first: Double { samples[0] }
    var fastest: Double { samples.min() ?? 0 }
    var median: Double {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

func format(_ milliseconds: Double) -> String {
    let hundredths = Int((milliseconds * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
}

func measure(_ body: () -> Void) -> Timing {
    var timing = Timing()
    for _ in 0..<rounds {
        let start = now()
        body()
        timing.samples.append(now() - start)
    }
    return timing
}

func report(_ label: String, _ timing: Timing) {
    let padded = label + String(repeating: " ", count: max(0, 44 - label.count))
    print("\(padded) first \(format(timing.first)), fastest \(format(timing.fastest)), median \(format(timing.median))")
}

var sink = 0

print("catalog: \(ServiceCatalog.shared.source.version), updated \(ServiceCatalog.shared.source.updated)")
print("in process, fresh catalog each round, \(rounds) rounds:")
report("index only", measure { sink &+= ServiceCatalog().servicePrefixes.count })
report("first lookup (s3:GetObject)", measure {
    sink &+= ServiceCatalog().action("s3:GetObject")?.name.count ?? 0
})
report("s3 and iam (GetObject, PassRole)", measure {
    let catalog = ServiceCatalog()
    sink &+= (catalog.action("s3:GetObject")?.name.count ?? 0) + (catalog.action("iam:PassRole")?.name.count ?? 0)
})
report("ec2 alone (RunInstances)", measure { sink &+= ServiceCatalog().action("ec2:RunInstances")?.name.count ?? 0 })
let eager = measure {
    let catalog = ServiceCatalog()
    catalog.loadAllServices()
    sink &+= catalog.loadedServicePrefixes.count
}
report("eager load of all services", eager)
report("expand *:Describe* (loads all)", measure { sink &+= ServiceCatalog().expand("*:Describe*").count })

/// Runs `arguments` with standard output and error sent to /dev/null; wall time in milliseconds.
func timeProcess(_ arguments: [String]) -> Double {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid = pid_t()
    let start = now()
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else {
        print("cannot run \(arguments[0])")
        exit(2)
    }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return now() - start
}

guard access(policylint, X_OK) == 0 else {
    print("no policylint at \(policylint): build it with `swift build -c release` or pass --policylint PATH")
    exit(2)
}
print("processes, \(runs) runs each, interleaved (\(policylint)):")
var bare = Timing()
var lookup = Timing()
for _ in 0..<runs {
    bare.samples.append(timeProcess([policylint, "--version"]))
    lookup.samples.append(timeProcess([policylint, "describe", "s3:GetObject"]))
}
report("policylint --version", bare)
report("policylint describe s3:GetObject", lookup)
print("start plus first lookup over a bare --version: median \(format(lookup.median - bare.median)), "
    + "fastest \(format(lookup.fastest - bare.fastest))")
if sink == 42 { print("") }  // keeps the measured work from being optimised away
