// Parser benchmark: policylint's JSON parser (alone, and with the policy decoder) against
// Foundation's JSONSerialization, on every .json file of a folder, in one run.
//
//   swift run -c release parser-benchmark FOLDER [--rounds N]
//
// Each file is parsed once per round by each parser; a file's time is its fastest round,
// which keeps scheduler noise out of the per-policy median and p99. Throughput is the
// corpus size divided by the fastest whole pass.
import Foundation
import PolicyEngine

struct Corpus {
    var names: [String] = []
    var bytes: [[UInt8]] = []
    var data: [Data] = []
    var totalBytes: Int { bytes.reduce(0) { $0 + $1.count } }
}

func loadCorpus(_ folder: String) -> Corpus {
    let found = FileSystem.files(under: folder, extensions: [".json"])
    var corpus = Corpus()
    for path in found.files {
        guard case .success(let bytes) = FileSystem.readFile(path) else { continue }
        corpus.names.append(path)
        corpus.bytes.append(bytes)
        corpus.data.append(Data(bytes))
    }
    return corpus
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func nanoseconds(_ body: () -> Void) -> UInt64 {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return DispatchTime.now().uptimeNanoseconds - start
}

struct Measurement {
    var name: String
    var perFile: [UInt64]  // fastest round per file
    var bestPass: UInt64

    func percentile(_ fraction: Double) -> Double {
        let sorted = perFile.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
        return Double(sorted[index]) / 1000
    }
}

func measure(_ name: String, corpus: Corpus, rounds: Int, _ parse: (Int) -> Void) -> Measurement {
    var perFile = [UInt64](repeating: .max, count: corpus.bytes.count)
    var bestPass = UInt64.max
    for _ in 0..<rounds {
        var pass: UInt64 = 0
        for index in corpus.bytes.indices {
            let elapsed = nanoseconds { parse(index) }
            perFile[index] = min(perFile[index], elapsed)
            pass += elapsed
        }
        bestPass = min(bestPass, pass)
    }
    return Measurement(name: name, perFile: perFile, bestPass: bestPass)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var rounds = 10
if let flag = arguments.firstIndex(of: "--rounds"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    rounds = value
    arguments.removeSubrange(flag...(flag + 1))
}
guard let folder = arguments.first else {
    FileHandle.standardError.write("usage: parser-benchmark FOLDER [--rounds N]\n".data(using: .utf8)!)
    exit(2)
}
let corpus = loadCorpus(folder)
guard !corpus.bytes.isEmpty else {
    FileHandle.standardError.write("parser-benchmark: no .json files under \(folder)\n".data(using: .utf8)!)
    exit(2)
}

var failures = 0
let ours = measure("policylint JSONParser", corpus: corpus, rounds: rounds) { index in
    do { blackHole(try JSONParser.parse(corpus.bytes[index])) } catch { failures += 1 }
}
let decoded = measure("policylint parse + decode", corpus: corpus, rounds: rounds) { index in
    blackHole(PolicyDocument(source: SourceText(name: "", bytes: corpus.bytes[index]), policyType: .identity))
}
let foundation = measure("Foundation JSONSerialization", corpus: corpus, rounds: rounds) { index in
    do { blackHole(try JSONSerialization.jsonObject(with: corpus.data[index])) } catch { failures += 1 }
}

let megabytes = Double(corpus.totalBytes) / 1_000_000
print("corpus: \(corpus.bytes.count) files, \(String(format: "%.2f", megabytes)) MB, \(rounds) rounds, "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
print("parser                          MB/s   whole pass ms   median µs   p99 µs")
for result in [ours, decoded, foundation] {
    let seconds = Double(result.bestPass) / 1e9
    let line = result.name.padding(toLength: 30, withPad: " ", startingAt: 0)
        + String(format: "%6.0f   %13.2f   %9.1f   %6.1f", megabytes / seconds, seconds * 1000,
            result.percentile(0.5), result.percentile(0.99))
    print(line)
}
print(String(format: "JSONParser is %.1fx faster than JSONSerialization (whole pass)",
    Double(foundation.bestPass) / Double(ours.bestPass)))
if failures > 0 {
    print("\(failures / rounds) files failed to parse")
    exit(1)
}
