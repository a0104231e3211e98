/// `AWS::Lambda::Permission` (and Terraform's `aws_lambda_permission`) holds no document: it
/// adds one statement to the function's resource-based policy. The statement is written out as
/// Lambda writes it (Principal, lambda action, function ARN; SourceAccount, SourceArn,
/// PrincipalOrgID and FunctionUrlAuthType as conditions — "Granting function access to other
/// accounts" and AddPermission in the Lambda documentation), each part mapped to its property.
enum LambdaPermission {
    /// The property names of one source: CloudFormation's, or Terraform's.
    struct PropertyNames {
        var principal, action, function, sourceAccount, principalOrgID, functionURLAuthType, sourceArn: String

        static let cloudFormation = PropertyNames(
            principal: "Principal", action: "Action", function: "FunctionName", sourceAccount: "SourceAccount",
            principalOrgID: "PrincipalOrgID", functionURLAuthType: "FunctionUrlAuthType", sourceArn: "SourceArn")
        static let terraform = PropertyNames(
            principal: "principal", action: "action", function: "function_name", sourceAccount: "source_account",
            principalOrgID: "principal_org_id", functionURLAuthType: "function_url_auth_type", sourceArn: "source_arn")
    }

    static func policy(_ properties: JSONValue, resolver: IntrinsicResolver, at offset: Int) -> MappedText? {
        policy(properties, names: .cloudFormation, at: offset, write: { resolver.write($0, into: &$1) }, text: { value in
            if case .text(let text) = resolver.resolve(value) { return text.string }
            return nil
        })
    }

    /// Terraform plan values are plain JSON: written as they are.
    static func policy(terraformValues values: JSONValue, at offset: Int) -> MappedText? {
        policy(values, names: .terraform, at: offset, write: { $1.appendVerbatim($0.span, of: $0.document.bytes) }, text: { $0.stringValue })
    }

    private static func policy(
        _ properties: JSONValue, names: PropertyNames, at offset: Int, write: (JSONValue, inout MappedText) -> Void,
        text: (JSONValue) -> String?
    ) -> MappedText? {
        func present(_ name: String) -> JSONValue? {
            guard let value = properties[name] else { return nil }
            if case .null = value.kind { return nil }
            return value
        }
        guard let principalValue = present(names.principal), let actionValue = present(names.action),
              let functionValue = present(names.function) else { return nil }
        var out = MappedText()
        out.append(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"#, at: offset)
        let start = principalValue.span.start
        switch text(principalValue) {
        case "*"?: write(principalValue, &out)
        case let principal? where principal.hasSuffix(".amazonaws.com") || principal.hasSuffix(".amazon.com"):
            out.append(#"{"Service":"#, at: start); write(principalValue, &out); out.append("}", at: start)
        default:
            out.append(#"{"AWS":"#, at: start); write(principalValue, &out); out.append("}", at: start)
        }
        out.append(#","Action":"#, at: actionValue.span.start)
        write(actionValue, &out)
        out.append(#","Resource":"#, at: functionValue.span.start)
        let function = text(functionValue) ?? "function"
        if function.hasPrefix("arn:") {
            write(functionValue, &out)
        } else {
            var arn = MappedText()
            arn.append("arn:aws:lambda:\(IntrinsicResolver.placeholderRegion):\(IntrinsicResolver.placeholderAccount):function:\(function)",
                at: functionValue.span.start)
            out.appendJSONString(arn, quotesAt: functionValue.span.start)
        }
        var equals: [(String, JSONValue)] = []
        if let value = present(names.sourceAccount) { equals.append(("aws:SourceAccount", value)) }
        if let value = present(names.principalOrgID) { equals.append(("aws:PrincipalOrgID", value)) }
        if let value = present(names.functionURLAuthType) { equals.append(("lambda:FunctionUrlAuthType", value)) }
        let sourceArn = present(names.sourceArn)
        if !equals.isEmpty || sourceArn != nil {
            out.append(#","Condition":{"#, at: offset)
            var blocks: [(String, [(String, JSONValue)])] = []
            if !equals.isEmpty { blocks.append(("StringEquals", equals)) }
            if let sourceArn { blocks.append(("ArnLike", [("aws:SourceArn", sourceArn)])) }
            for (blockIndex, block) in blocks.enumerated() {
                if blockIndex > 0 { out.append(",", at: offset) }
                out.append("\"\(block.0)\":{", at: block.1[0].1.span.start)
                for (keyIndex, entry) in block.1.enumerated() {
                    if keyIndex > 0 { out.append(",", at: entry.1.span.start) }
                    out.append("\"\(entry.0)\":", at: entry.1.span.start)
                    write(entry.1, &out)
                }
                out.append("}", at: offset)
            }
            out.append("}", at: offset)
        }
        out.append("}]}", at: offset)
        out.endOffset = offset
        return out
    }
}
