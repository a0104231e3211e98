/// `AWS::Lambda::Permission` holds no document: it adds one statement to the function's
/// resource-based policy. The statement is written out as Lambda writes it (Principal,
/// lambda action, function ARN; SourceAccount, SourceArn, PrincipalOrgID and
/// FunctionUrlAuthType as conditions — "Granting function access to other accounts" and
/// AddPermission in the Lambda documentation), each part mapped to its property.
enum LambdaPermission {
    static func policy(_ properties: JSONValue, resolver: IntrinsicResolver, at offset: Int) -> MappedText? {
        guard let principalValue = properties["Principal"], let actionValue = properties["Action"],
              let functionValue = properties["FunctionName"] else { return nil }
        var out = MappedText()
        out.append(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"#, at: offset)
        let principal = textValue(principalValue, resolver: resolver)
        let start = principalValue.span.start
        switch principal?.string {
        case "*"?: resolver.write(principalValue, into: &out)
        case let text? where text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazon.com"):
            out.append(#"{"Service":"#, at: start); resolver.write(principalValue, into: &out); out.append("}", at: start)
        default:
            out.append(#"{"AWS":"#, at: start); resolver.write(principalValue, into: &out); out.append("}", at: start)
        }
        out.append(#","Action":"#, at: actionValue.span.start)
        resolver.write(actionValue, into: &out)
        out.append(#","Resource":"#, at: functionValue.span.start)
        let function = textValue(functionValue, resolver: resolver)?.string ?? "function"
        if function.hasPrefix("arn:") {
            resolver.write(functionValue, into: &out)
        } else {
            var arn = MappedText()
            arn.append("arn:aws:lambda:\(IntrinsicResolver.placeholderRegion):\(IntrinsicResolver.placeholderAccount):function:\(function)",
                at: functionValue.span.start)
            out.appendJSONString(arn, quotesAt: functionValue.span.start)
        }
        var equals: [(String, JSONValue)] = []
        if let value = properties["SourceAccount"] { equals.append(("aws:SourceAccount", value)) }
        if let value = properties["PrincipalOrgID"] { equals.append(("aws:PrincipalOrgID", value)) }
        if let value = properties["FunctionUrlAuthType"] { equals.append(("lambda:FunctionUrlAuthType", value)) }
        let sourceArn = properties["SourceArn"]
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
                    resolver.write(entry.1, into: &out)
                }
                out.append("}", at: offset)
            }
            out.append("}", at: offset)
        }
        out.append("}]}", at: offset)
        out.endOffset = offset
        return out
    }

    private static func textValue(_ value: JSONValue, resolver: IntrinsicResolver) -> MappedText? {
        if case .text(let text) = resolver.resolve(value) { return text }
        return nil
    }
}
