/// The values at a path of keys into a container's JSON, `*` standing for each element of a
/// list, each with a readable label (`Policies[1] (deploy).PolicyDocument`,
/// `inline_policy[0].policy`).
enum PropertyPath {
    /// `elementName` may name a list element (a CloudFormation inline policy's PolicyName).
    static func values(
        at path: ArraySlice<String>, in value: JSONValue, label: String = "",
        elementName: (JSONValue) -> String? = { _ in nil }
    ) -> [(label: String, value: JSONValue)] {
        guard let step = path.first else { return [(label, value)] }
        if step == "*" {
            return (value.arrayValue ?? []).enumerated().flatMap { index, element in
                let name = elementName(element).map { " (\($0))" } ?? ""
                return values(at: path.dropFirst(), in: element, label: "\(label)[\(index)]\(name)", elementName: elementName)
            }
        }
        guard let next = value[step] else { return [] }
        return values(at: path.dropFirst(), in: next, label: label.isEmpty ? step : "\(label).\(step)", elementName: elementName)
    }
}
