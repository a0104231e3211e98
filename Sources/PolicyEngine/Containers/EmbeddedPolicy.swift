/// A policy found inside a container file, with who holds it and where.
public struct EmbeddedPolicy: Sendable {
    /// The holder, as the container names it: a logical id (`OrdersRole`), a Terraform
    /// address (`module.queue.aws_sqs_queue_policy.this`), an IAM entity (`role/app-web`).
    public var owner: String
    /// Which of the holder's policies: `AssumeRolePolicyDocument`, `policy`, `inline policy 'x'`.
    public var property: String
    public var policyType: PolicyType
    /// The policy: a JSON object of the file itself, or JSON text made from the file
    /// (a string's content, a template with its intrinsics resolved), each byte mapped to it.
    public var content: PolicyValue.Content
    /// The policy applies to the resource that holds it, so it has no Resource element
    /// (ECR repository policies: "Private repository policies" in the ECR User Guide).
    public var resourceIsImplied = false
    /// How IAM stores the policy, when the holder says (for the size quota).
    public var identityStorage: IdentityPolicyStorage?

    /// `owner property`, the name used in messages and baselines.
    public var origin: String { "\(owner) \(property)" }

    public func document(in file: SourceText) -> PolicyDocument {
        var document: PolicyDocument
        switch content {
        case .json(let value): document = PolicyDocument(source: file, json: value, policyType: policyType)
        case .text(let text): document = PolicyDocument(source: text.source(in: file), policyType: policyType)
        }
        var result = resourceIsImplied ? document.dropping(.missingResource) : document
        result.identityStorage = identityStorage
        return result
    }
}

/// Turning a JSON value that holds a policy into policy text: an object as it is, a string of
/// JSON text, or (as the IAM API returns them) a URL-encoded string of JSON text.
public enum PolicyValue {
    public enum Content: Sendable {
        /// An object in the file, decoded where it is (no copy).
        case json(JSONValue)
        case text(MappedText)
    }

    enum Extracted {
        case content(Content)
        case invalid(Finding)
    }

    static func extract(_ value: JSONValue, holder: String) -> Extracted {
        if value.isObject { return .content(.json(value)) }
        guard let content = MappedText.content(of: value) else {
            return .invalid(GrammarCheck.invalidEmbeddedPolicy.finding(
                "\(holder) must be a policy document (an object or JSON text), found \(value.typeDescription)",
                at: value.span))
        }
        return fromString(content, span: value.span, holder: holder)
    }

    /// JSON text, or percent-encoded JSON text (decoded only when it does not already start
    /// like JSON, so a literal `%` in a JSON policy is left alone).
    static func fromString(_ content: MappedText, span: SourceSpan, holder: String) -> Extracted {
        let firstByte = content.bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstByte == UInt8(ascii: "{") || !content.bytes.contains(UInt8(ascii: "%")) { return .content(.text(content)) }
        guard let decoded = content.percentDecoded() else {
            return .invalid(GrammarCheck.invalidEmbeddedPolicy.finding(
                "\(holder) is neither JSON text nor URL-encoded JSON text", at: span))
        }
        return .content(.text(decoded))
    }
}
