/// Resolves CloudFormation intrinsic functions offline, the way AWS's cfn-policy-validator
/// does but without calling AWS: pseudo parameters and parameters without defaults become
/// placeholders, references to resources become ARNs of the right shape built from the
/// resource's name property or its logical id. Every resolved byte is attributed to the
/// intrinsic it came from, so findings point at the `Ref` or `Fn::Sub` in the template.
struct IntrinsicResolver {
    /// What an intrinsic (or any template value) stands for.
    indirect enum Resolved {
        case text(MappedText)
        case list([Resolved])
        /// A literal part of the template (a FindInMap result, an If branch) to copy as JSON.
        case value(JSONValue)
        /// `AWS::NoValue`: the enclosing key or element is dropped.
        case noValue
    }

    static let placeholderAccount = "123456789012"
    static let placeholderRegion = "us-east-1"
    /// For account-id parameters with no default: visibly not the stack's own account.
    static let placeholderOtherAccount = "000000000000"

    let resources: [String: JSONValue]
    let parameters: [String: JSONValue]
    let mappings: JSONValue?
    let conditions: JSONValue?
    /// Values given for parameters (and pseudo parameters such as `AWS::AccountId`), as
    /// `--parameter NAME=VALUE` gives them; they win over defaults and placeholders.
    let givenValues: [String: String]
    /// Guards against templates that reference themselves in circles.
    private static let maximumDepth = 32

    init(template: JSONValue, parameterValues: [String: String] = [:]) {
        givenValues = parameterValues
        func table(_ key: String) -> [String: JSONValue] {
            var table: [String: JSONValue] = [:]
            for member in template[key]?.objectValue ?? [] { table[member.key] = member.value }
            return table
        }
        resources = table("Resources")
        parameters = table("Parameters")
        mappings = template["Mappings"]
        conditions = template["Conditions"]
    }

    /// The single `Ref` / `Fn::…` member of an intrinsic-function object.
    static func intrinsic(_ value: JSONValue) -> JSONMember? {
        guard value.isObject, let members = value.objectValue, members.count == 1 else { return nil }
        let key = members[0].key
        return key == "Ref" || key.hasPrefix("Fn::") || key == "Condition" ? members[0] : nil
    }

    // MARK: Writing a value out as JSON text

    /// Writes `value` as JSON with every intrinsic replaced by what it resolves to.
    func write(_ value: JSONValue, into out: inout MappedText, depth: Int = 0) {
        if Self.intrinsic(value) != nil {
            write(resolve(value, depth: depth), at: value.span.start, into: &out, depth: depth)
            return
        }
        let file = value.document.bytes
        switch value.kind {
        case .object(let members):
            out.append("{", at: value.span.start)
            var first = true
            for member in members {
                let resolved = Self.intrinsic(member.value) != nil ? resolve(member.value, depth: depth) : nil
                if case .noValue? = resolved { continue }
                if !first { out.append(",", at: member.keySpan.start) }
                first = false
                out.appendVerbatim(member.keySpan, of: file)
                out.append(":", at: member.keySpan.end)
                if let resolved {
                    write(resolved, at: member.value.span.start, into: &out, depth: depth)
                } else {
                    write(member.value, into: &out, depth: depth)
                }
            }
            out.append("}", at: max(value.span.start, value.span.end - 1))
        case .array(let elements):
            out.append("[", at: value.span.start)
            var first = true
            for element in elements {
                let resolved = Self.intrinsic(element) != nil ? resolve(element, depth: depth) : nil
                if case .noValue? = resolved { continue }
                if !first { out.append(",", at: element.span.start) }
                first = false
                if let resolved {
                    write(resolved, at: element.span.start, into: &out, depth: depth)
                } else {
                    write(element, into: &out, depth: depth)
                }
            }
            out.append("]", at: max(value.span.start, value.span.end - 1))
        default:
            out.appendVerbatim(value.span, of: file)
        }
    }

    private func write(_ resolved: Resolved, at offset: Int, into out: inout MappedText, depth: Int) {
        switch resolved {
        case .text(let text): out.appendJSONString(text, quotesAt: offset)
        case .value(let value): write(value, into: &out, depth: depth + 1)
        case .noValue: out.append("null", at: offset)
        case .list(let items):
            out.append("[", at: offset)
            var first = true
            for item in items {
                if case .noValue = item { continue }
                if !first { out.append(",", at: offset) }
                first = false
                write(item, at: offset, into: &out, depth: depth)
            }
            out.append("]", at: offset)
        }
    }

    // MARK: Resolving

    /// What a value resolves to: strings as mapped text, intrinsics evaluated.
    func resolve(_ value: JSONValue, depth: Int = 0) -> Resolved {
        guard depth < Self.maximumDepth else { return .text(generated("unresolved", at: value.span.start)) }
        if let text = MappedText.content(of: value) { return .text(text) }
        guard let member = Self.intrinsic(value) else {
            if let elements = value.arrayValue { return .list(elements.map { resolve($0, depth: depth + 1) }) }
            return .value(value)
        }
        let at = value.span.start
        let argument = member.value
        switch member.key {
        case "Ref":
            return reference(argument.stringValue ?? "", at: at, depth: depth)
        case "Fn::GetAtt":
            let parts: [String]
            if let text = argument.stringValue {
                parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            } else {
                parts = (argument.arrayValue ?? []).compactMap { text(of: resolve($0, depth: depth + 1))?.string }
            }
            guard parts.count == 2 else { return .text(generated("unresolved", at: at)) }
            return .text(generated(attribute(parts[1], of: parts[0], depth: depth), at: at))
        case "Fn::Sub":
            return substitute(argument, at: at, depth: depth)
        case "Fn::Join":
            guard let arguments = argument.arrayValue, arguments.count == 2,
                  let separator = text(of: resolve(arguments[0], depth: depth + 1)) else {
                return .text(generated("unresolved", at: at))
            }
            var joined = MappedText()
            var first = true
            for item in items(of: resolve(arguments[1], depth: depth + 1)) {
                guard let part = text(of: item) else { continue }
                if !first { joined.append(separator) }
                first = false
                joined.append(part)
            }
            return .text(joined.isEmpty ? generated("", at: at) : joined)
        case "Fn::If":
            guard let arguments = argument.arrayValue, arguments.count == 3 else { return .noValue }
            let whenTrue = resolve(arguments[1], depth: depth + 1)
            let whenFalse = resolve(arguments[2], depth: depth + 1)
            // When one branch leaves the value out, the other is what there is to check: a
            // linter looks at everything the template can deploy, whatever the parameters.
            if case .noValue = whenFalse { return whenTrue }
            if case .noValue = whenTrue { return whenFalse }
            let holds = arguments[0].stringValue.flatMap { condition(named: $0, depth: depth + 1) } ?? true
            return holds ? whenTrue : whenFalse
        case "Fn::Select":
            guard let arguments = argument.arrayValue, arguments.count == 2,
                  let index = text(of: resolve(arguments[0], depth: depth + 1)).flatMap({ Int($0.string) }) else {
                return .text(generated("unresolved", at: at))
            }
            let list = items(of: resolve(arguments[1], depth: depth + 1))
            return list.indices.contains(index) ? list[index] : .text(generated("unresolved", at: at))
        case "Fn::Split":
            guard let arguments = argument.arrayValue, arguments.count == 2,
                  let separator = text(of: resolve(arguments[0], depth: depth + 1))?.string, !separator.isEmpty,
                  let whole = text(of: resolve(arguments[1], depth: depth + 1))?.string else {
                return .text(generated("unresolved", at: at))
            }
            return .list(whole.split(separator: separator, omittingEmptySubsequences: false).map { .text(generated(String($0), at: at)) })
        case "Fn::FindInMap":
            return findInMap(argument, at: at, depth: depth)
        case "Fn::ImportValue":
            // Exports live in other stacks; the export's name stands in for its value.
            let name = text(of: resolve(argument, depth: depth + 1))?.string ?? "unresolved"
            return .text(generated(name, at: at))
        case "Fn::Base64", "Fn::ToJsonString":
            return resolve(argument, depth: depth + 1)
        case "Fn::GetAZs":
            return .list(["a", "b", "c"].map { .text(generated(Self.placeholderRegion + $0, at: at)) })
        default:
            return .text(generated("unresolved", at: at))
        }
    }

    /// Text made up here, all of it attributed to the intrinsic at `offset`.
    private func generated(_ string: String, at offset: Int) -> MappedText {
        var text = MappedText(endOffset: offset)
        text.append(string, at: offset)
        return text
    }

    private func text(of resolved: Resolved) -> MappedText? {
        switch resolved {
        case .text(let text): return text
        case .value(let value):
            switch value.kind {
            case .number(let number): return generated(number, at: value.span.start)
            case .bool(let flag): return generated(flag ? "true" : "false", at: value.span.start)
            default: return nil
            }
        default: return nil
        }
    }

    private func items(of resolved: Resolved) -> [Resolved] {
        switch resolved {
        case .list(let items): return items
        case .value(let value): return (value.arrayValue ?? []).map { resolve($0) }
        case .text(let text): return [.text(text)]
        case .noValue: return []
        }
    }

    /// `Ref`: a pseudo parameter, a parameter, or a resource.
    private func reference(_ name: String, at offset: Int, depth: Int) -> Resolved {
        switch name {
        case "AWS::NoValue": return .noValue
        case "AWS::NotificationARNs":
            return .list([.text(generated("arn:aws:sns:\(Self.placeholderRegion):\(Self.placeholderAccount):notifications", at: offset))])
        default: break
        }
        if let given = givenValues[name], Self.pseudoParameter(name) != nil { return .text(generated(given, at: offset)) }
        if let pseudo = Self.pseudoParameter(name) { return .text(generated(pseudo, at: offset)) }
        if let parameter = parameters[name] { return parameterValue(name, parameter, at: offset) }
        if resources[name] != nil { return .text(generated(referenceValue(of: name, depth: depth), at: offset)) }
        return .text(generated(name, at: offset))
    }

    static func pseudoParameter(_ name: String) -> String? {
        switch name {
        case "AWS::AccountId": return placeholderAccount
        case "AWS::Partition": return "aws"
        case "AWS::Region": return placeholderRegion
        case "AWS::URLSuffix": return "amazonaws.com"
        case "AWS::StackName": return "stack"
        case "AWS::StackId":
            return "arn:aws:cloudformation:\(placeholderRegion):\(placeholderAccount):stack/stack/00000000-0000-0000-0000-000000000000"
        default: return nil
        }
    }

    /// A parameter's default, or its first allowed value; failing those a placeholder of the
    /// shape its name or pattern asks for (an account id), else its name.
    private func parameterValue(_ name: String, _ parameter: JSONValue, at offset: Int) -> Resolved {
        let type = parameter["Type"]?.stringValue ?? "String"
        var value = givenValues[name] ?? parameter["Default"].flatMap { MappedText.content(of: $0)?.string ?? numberText($0) }
        if value?.isEmpty ?? true, let first = parameter["AllowedValues"]?.arrayValue?.first {
            value = first.stringValue ?? numberText(first)
        }
        if value?.isEmpty ?? true {
            let pattern = parameter["AllowedPattern"]?.stringValue ?? ""
            let looksLikeAccount = name.lowercased().hasSuffix("accountid") || pattern.contains("{12}")
            value = looksLikeAccount ? Self.placeholderOtherAccount : name
        }
        let text = value ?? name
        if type.hasPrefix("List<") || type == "CommaDelimitedList" {
            return .list(text.split(separator: ",").map { .text(generated(String($0.trimmingSpaces()), at: offset)) })
        }
        return .text(generated(text, at: offset))
    }

    private func numberText(_ value: JSONValue) -> String? {
        if case .number(let number) = value.kind { return number }
        return nil
    }

    /// A resource's name: its name property when that resolves to text, else its logical id.
    private func name(of logicalId: String, depth: Int) -> String {
        guard let resource = resources[logicalId], let type = resource["Type"]?.stringValue,
              let property = ResourceShapes.shape(of: type)?.nameProperty,
              let value = resource["Properties"]?[property], depth < Self.maximumDepth,
              case .text(let text) = resolve(value, depth: depth + 1), !text.isEmpty else { return logicalId }
        return text.string
    }

    private func referenceValue(of logicalId: String, depth: Int) -> String {
        guard let type = resources[logicalId]?["Type"]?.stringValue else { return logicalId }
        let name = self.name(of: logicalId, depth: depth)
        switch ResourceShapes.shape(of: type)?.ref ?? .name {
        case .name: return name
        case .arn: return arn(of: logicalId, type: type, name: name, depth: depth)
        case .queueURL: return "https://sqs.\(Self.placeholderRegion).amazonaws.com/\(Self.placeholderAccount)/\(name)"
        }
    }

    private func attribute(_ attribute: String, of logicalId: String, depth: Int) -> String {
        guard let type = resources[logicalId]?["Type"]?.stringValue else { return "\(logicalId).\(attribute)" }
        let name = self.name(of: logicalId, depth: depth)
        if attribute == "Arn" || attribute.hasSuffix("Arn") { return arn(of: logicalId, type: type, name: name, depth: depth) }
        if attribute.hasSuffix("Name") { return name }
        return "\(logicalId).\(attribute)"
    }

    private func arn(of logicalId: String, type: String, name: String, depth: Int) -> String {
        var path = "/"
        if let value = resources[logicalId]?["Properties"]?["Path"], case .text(let text) = resolve(value, depth: depth + 1) {
            path = text.string
        }
        return ResourceShapes.arn(type: type, name: name, path: path, account: Self.placeholderAccount, region: Self.placeholderRegion)
    }

    /// `Fn::Sub`: `${Name}` and `${Name.Attribute}` replaced, `${!Literal}` unescaped, and IAM
    /// policy variables (`${aws:username}`), which name nothing in the template, kept as written.
    private func substitute(_ argument: JSONValue, at offset: Int, depth: Int) -> Resolved {
        var templateValue = argument
        var variables: [String: JSONValue] = [:]
        if let arguments = argument.arrayValue, arguments.count == 2 {
            templateValue = arguments[0]
            for member in arguments[1].objectValue ?? [] { variables[member.key] = member.value }
        }
        guard let template = MappedText.content(of: templateValue) else { return .text(generated("unresolved", at: offset)) }
        var result = MappedText(endOffset: template.endOffset)
        let bytes = template.bytes
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                  let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                result.append(template.slice(index..<(index + 1)))
                index += 1
                continue
            }
            let at = template.offsets[index]
            if index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "!") {
                result.append(template.slice(index..<(index + 2)))  // `${!x}` is the literal `${x}`
                result.append(template.slice((index + 3)..<(close + 1)))
                index = close + 1
                continue
            }
            let name = String(Substring(String(decoding: bytes[(index + 2)..<close], as: UTF8.self)).trimmingSpaces())
            if let variable = variables[name], let text = text(of: resolve(variable, depth: depth + 1)) {
                result.append(generated(text.string, at: at))
            } else if let dot = name.firstIndex(of: "."), resources[String(name[..<dot])] != nil {
                result.append(generated(attribute(String(name[name.index(after: dot)...]), of: String(name[..<dot]), depth: depth), at: at))
            } else if Self.pseudoParameter(name) != nil || parameters[name] != nil || resources[name] != nil,
                      let text = text(of: reference(name, at: at, depth: depth)) {
                result.append(text)
            } else {
                result.append(template.slice(index..<(close + 1)))  // an IAM policy variable
            }
            index = close + 1
        }
        return .text(result)
    }

    private func findInMap(_ argument: JSONValue, at offset: Int, depth: Int) -> Resolved {
        guard let arguments = argument.arrayValue, arguments.count >= 3,
              let mapName = text(of: resolve(arguments[0], depth: depth + 1))?.string,
              let map = mappings?[mapName] else { return .text(generated("unresolved", at: offset)) }
        // A top-level key that cannot be resolved offline: the first entry stands in for it.
        let topKey = text(of: resolve(arguments[1], depth: depth + 1))?.string
        guard let entry = topKey.flatMap({ map[$0] }) ?? map.objectValue?.first?.value,
              let secondKey = text(of: resolve(arguments[2], depth: depth + 1))?.string,
              let value = entry[secondKey] else { return .text(generated("unresolved", at: offset)) }
        if let text = value.stringValue { return .text(generated(text, at: offset)) }
        return .value(value)
    }

    /// A named condition's value when it can be decided from parameter defaults; nil otherwise.
    func condition(named name: String, depth: Int) -> Bool? {
        guard depth < Self.maximumDepth, let definition = conditions?[name] else { return nil }
        return evaluate(definition, depth: depth + 1)
    }

    private func evaluate(_ value: JSONValue, depth: Int) -> Bool? {
        guard depth < Self.maximumDepth, let member = Self.intrinsic(value) else { return nil }
        let arguments = member.value.arrayValue ?? []
        switch member.key {
        case "Condition": return member.value.stringValue.flatMap { condition(named: $0, depth: depth + 1) }
        case "Fn::Equals":
            guard arguments.count == 2,
                  let left = text(of: resolve(arguments[0], depth: depth + 1))?.string,
                  let right = text(of: resolve(arguments[1], depth: depth + 1))?.string,
                  arguments.allSatisfy({ decidable($0) }) else { return nil }
            return left == right
        case "Fn::Not": return arguments.first.flatMap { evaluate($0, depth: depth + 1) }.map { !$0 }
        case "Fn::And":
            let values = arguments.map { evaluate($0, depth: depth + 1) }
            if values.contains(false) { return false }
            return values.contains(nil) ? nil : true
        case "Fn::Or":
            let values = arguments.map { evaluate($0, depth: depth + 1) }
            if values.contains(true) { return true }
            return values.contains(nil) ? nil : false
        default: return nil
        }
    }

    /// Whether a value is known offline: literals, and parameters given a value or a default.
    private func decidable(_ value: JSONValue) -> Bool {
        guard let member = Self.intrinsic(value) else { return true }
        guard member.key == "Ref", let name = member.value.stringValue else { return false }
        return givenValues[name] != nil || parameters[name]?["Default"] != nil
    }
}
