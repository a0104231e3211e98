/// A few values for one condition key that between them often show both outcomes of its
/// clauses: absent, each value the clauses name (wildcards taken out, variables resolved in
/// `evaluation`), between and beyond their numbers and dates, inside and outside their
/// networks, as a single value or a list as the operators read the key. Not exhaustive (that
/// is `RequestSpace`'s job): for quick proofs whose every step the evaluator confirms.
enum ConditionCandidates {
    static let witnessValue = "policylint-witness"

    static func values(_ clauses: [CompiledCondition], _ evaluation: EvaluationContext) -> [RequestContext.Value?] {
        var texts: [String] = []
        var numbers: [Double] = []
        var dates: [Double] = []
        var networks: [IPNetwork] = []
        for clause in clauses {
            for value in clause.values {
                switch value {
                case .text(let text, _): texts.append(text.replacingWildcards(with: ""))
                case .arn(let pattern): texts.append(pattern.whole.sample)
                case .number(let number): numbers.append(number)
                case .date(let date): dates.append(date)
                case .network(let network): networks.append(network)
                case .bool: texts += ["true", "false"]
                case .template(let parts):
                    if let resolved = ConditionEvaluator.resolve(parts, context: evaluation, forPattern: true) {
                        texts.append(resolved.glob?.sample ?? resolved.text)
                    }
                }
            }
        }
        texts.append(witnessValue)
        if !numbers.isEmpty { texts += ValueRepresentatives.numbers(numbers) }
        if !dates.isEmpty { texts += ValueRepresentatives.numbers(dates).map(ValueRepresentatives.date) }
        if !networks.isEmpty { texts += ValueRepresentatives.addresses(networks) }
        var seen = Set<String>()
        texts = texts.filter { seen.insert($0).inserted }
        let sets = clauses.contains { $0.op.qualifier != nil }
        let plain = clauses.contains { $0.op.qualifier == nil && $0.op.family != .null }
        var result: [RequestContext.Value?] = [nil]
        if plain || !sets { result += texts.map { .single($0) } }
        if sets { result += [.multiple([])] + texts.map { .multiple([$0]) } }
        return result
    }
}
