// Analysis benchmark: time per `diff` check on real policies. For every managed policy of a
// folder it runs four checks — the policy against itself, a statement dropped (so NEW is
// narrower), the same pair reversed (NEW is wider: a witness to find and confirm), and the
// first action of a statement widened to its whole service — and reports the time per check
// by kind: median, 90th and 99th percentile, the slowest, and the share under 10 ms.
//
//   swift run -c release analysis-benchmark PATH/TO/managed-policies [--rounds N]
import Foundation
import PolicyEngine

let arguments = CommandLine.arguments.dropFirst()
guard let folder = arguments.first else {
    print("usage: analysis-benchmark FOLDER [--rounds N]")
    exit(2)
}
var rounds = 3
if let index = arguments.firstIndex(of: "--rounds"), arguments.index(after: index) < arguments.endIndex {
    rounds = Int(arguments[arguments.index(after: index)]) ?? rounds
}

func compile(_ object: Any, _ name: String) -> CompiledPolicy? {
    guard let data = try? JSONSerialization.data(withJSONObject: object), let text = String(data: data, encoding: .utf8) else { return nil }
    let policy = CompiledPolicy(source: SourceText(name: name, text: text), id: name, policyType: .identity)
    return policy.errors.isEmpty ? policy : nil
}

struct Case {
    var kind: String
    var old: CompiledPolicy
    var new: CompiledPolicy
}

let files = (try FileManager.default.contentsOfDirectory(atPath: folder)).filter { $0.hasSuffix(".json") }.sorted()
var cases: [Case] = []
for file in files {
    guard let data = FileManager.default.contents(atPath: folder + "/" + file),
        var document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
        let policy = compile(document, file)
    else { continue }
    cases.append(Case(kind: "itself", old: policy, new: policy))
    var statements = (document["Statement"] as? [Any]) ?? [document["Statement"] as Any]
    if statements.count > 1 {
        // Drop the last Allow statement.
        if let last = statements.lastIndex(where: { ($0 as? [String: Any])?["Effect"] as? String == "Allow" }) {
            var dropped = document
            var rest = statements
            rest.remove(at: last)
            dropped["Statement"] = rest
            if let narrower = compile(dropped, file + " (dropped)") {
                cases.append(Case(kind: "statement dropped", old: policy, new: narrower))
                cases.append(Case(kind: "statement added back", old: narrower, new: policy))
            }
        }
    }
    // Widen the first action of the first Allow statement with an Action list to its service.
    if let index = statements.firstIndex(where: { ($0 as? [String: Any])?["Effect"] as? String == "Allow" && ($0 as? [String: Any])?["Action"] != nil }),
        var statement = statements[index] as? [String: Any]
    {
        var actions = (statement["Action"] as? [String]) ?? [(statement["Action"] as? String) ?? ""]
        if let first = actions.first, let colon = first.firstIndex(of: ":"), first[first.index(after: colon)...] != "*" {
            actions[0] = String(first[..<colon]) + ":*"
            statement["Action"] = actions
            statements[index] = statement
            document["Statement"] = statements
            if let wider = compile(document, file + " (widened)") {
                cases.append(Case(kind: "action widened", old: policy, new: wider))
            }
        }
    }
}

var times: [String: [Double]] = [:]
var outcomes: [String: [String: Int]] = [:]
let clock = ContinuousClock()
for round in 0..<rounds {
    for (index, item) in cases.enumerated() {
        let start = clock.now
        let verdict = try AccessAnalysis.newAccess(from: item.old, to: item.new, policyType: .identity)
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        if round == 0 {
            times[item.kind, default: []].append(milliseconds)
            let outcome = verdict.found ? (verdict.exact ? "new access (witness)" : "possible") : "no new access"
            outcomes[item.kind, default: [:]][outcome, default: 0] += 1
        } else {
            // Keep each check's fastest round.
            let position = cases[..<index].filter { $0.kind == item.kind }.count
            times[item.kind]![position] = min(times[item.kind]![position], milliseconds)
        }
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
func format(_ value: Double) -> String { value < 1 ? String(format: "%.0f µs", value * 1000) : String(format: "%.1f ms", value) }
print("\(files.count) policies, \(cases.count) checks, fastest of \(rounds) rounds each")
print("| check | checks | median | p90 | p99 | slowest | under 10 ms | outcomes |")
print("|---|---|---|---|---|---|---|---|")
var all: [Double] = []
for kind in ["itself", "statement dropped", "statement added back", "action widened"] {
    guard let values = times[kind]?.sorted(), !values.isEmpty else { continue }
    all += values
    let under = Double(values.filter { $0 < 10 }.count) / Double(values.count) * 100
    let summary = outcomes[kind, default: [:]].sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    print("| \(kind) | \(values.count) | \(format(percentile(values, 0.5))) | \(format(percentile(values, 0.9))) | \(format(percentile(values, 0.99))) | \(format(values.last!)) | \(String(format: "%.1f", under))% | \(summary) |")
}
all.sort()
print("| all | \(all.count) | \(format(percentile(all, 0.5))) | \(format(percentile(all, 0.9))) | \(format(percentile(all, 0.99))) | \(format(all.last!)) | \(String(format: "%.1f", Double(all.filter { $0 < 10 }.count) / Double(all.count) * 100))% | |")
let slowest = zip(cases, cases.map { item -> Double in
    let position = cases.filter { $0.kind == item.kind }.firstIndex { $0.old === item.old && $0.new === item.new } ?? 0
    return times[item.kind]![position]
}).sorted { $0.1 > $1.1 }.prefix(5)
print("slowest checks:")
for (item, time) in slowest { print("  \(format(time))  \(item.kind): \(item.new.id)") }
