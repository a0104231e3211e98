/// A JSON value in a parsed document, with the byte span it came from.
///
/// Values are views onto the document's tape: reading `kind` decodes just that value.
/// Objects keep their members in source order, duplicates included, so the linter can
/// report a repeated key; numbers keep their original text.
public struct JSONValue: Sendable {
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        /// The number exactly as written (`1e400`, `0.10`, 400 digits): IAM compares text, not doubles.
        case number(String)
        case string(String)
        case array([JSONValue])
        case object([JSONMember])
    }

    public let document: JSONDocument
    let index: Int

    init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    var node: JSONNode { document.nodes[index] }

    public var span: SourceSpan {
        let node = self.node
        return SourceSpan(start: Int(node.start), end: Int(node.end))
    }

    public var kind: Kind {
        let node = self.node
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(document.text(start: Int(node.start), end: Int(node.end)))
        case .string: return .string(document.string(at: node))
        case .array: return .array(children.map { JSONValue(document: document, index: $0) })
        case .object:
            let indices = children
            var members: [JSONMember] = []
            members.reserveCapacity(indices.count / 2)
            var position = 0
            while position + 1 < indices.count {
                let keyNode = document.nodes[indices[position]]
                members.append(
                    JSONMember(
                        key: document.string(at: keyNode),
                        keySpan: SourceSpan(start: Int(keyNode.start), end: Int(keyNode.end)),
                        value: JSONValue(document: document, index: indices[position + 1])))
                position += 2
            }
            return .object(members)
        }
    }

    /// Tape indices of the direct children.
    private var children: [Int] {
        let node = self.node
        var indices: [Int] = []
        indices.reserveCapacity(Int(node.childCount))
        var child = index + 1
        for _ in 0..<node.childCount {
            indices.append(child)
            child = Int(document.nodes[child].next)
        }
        return indices
    }

    public var stringValue: String? {
        let node = self.node
        return node.kind == .string ? document.string(at: node) : nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let values) = kind { return values }
        return nil
    }

    public var objectValue: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    /// The key spans of every repeated object key inside this value (see
    /// `JSONDocument.repeatedKeySpans()`); the tape holds a value's subtree contiguously.
    public func repeatedKeySpans() -> [SourceSpan] {
        let end = node.end
        var last = index + 1
        while last < document.nodes.count, document.nodes[last].start < end { last += 1 }
        return document.repeatedKeySpans(nodeRange: index..<last)
    }

    /// Calls `body` with each member's key as UTF-8 (the source bytes, or the decoded text when
    /// the key has escapes) and its value, in order, while `body` returns true. No key is made a
    /// String: a quick look at an object's shape need not pay for one.
    func forEachMember(_ body: (UnsafeBufferPointer<UInt8>, JSONValue) -> Bool) {
        let node = self.node
        guard node.kind == .object else { return }
        var child = index + 1
        for _ in 0..<(Int(node.childCount) / 2) {
            let keyNode = document.nodes[child]
            let valueIndex = Int(keyNode.next)
            let value = JSONValue(document: document, index: valueIndex)
            let goOn: Bool
            if keyNode.hasEscapes {
                var key = document.string(at: keyNode)
                goOn = key.withUTF8 { body($0, value) }
            } else {
                goOn = document.bytes.withUnsafeBufferPointer { bytes in
                    body(UnsafeBufferPointer(rebasing: bytes[(Int(keyNode.start) + 1)..<(Int(keyNode.end) - 1)]), value)
                }
            }
            if !goOn { return }
            child = Int(document.nodes[valueIndex].next)
        }
    }

    public var isObject: Bool { node.kind == .object }
    public var isArray: Bool { node.kind == .array }

    /// The JSON type name, as used in messages (`expected a string, found an array`).
    public var typeDescription: String {
        switch node.kind {
        case .null: return "null"
        case .true, .false: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The last member with this exact key, if any (the one IAM-style readers keep).
    public subscript(key: String) -> JSONValue? {
        objectValue?.last { $0.key == key }?.value
    }
}

extension JSONDocument {
    func text(start: Int, end: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// The decoded content of a string node (its span includes the quotes).
    func string(at node: JSONNode) -> String {
        let start = Int(node.start) + 1
        let end = Int(node.end) - 1
        guard node.hasEscapes else { return text(start: start, end: end) }
        return bytes.withUnsafeBufferPointer { buffer in
            JSONEscapes.decode(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}

public struct JSONMember: Sendable {
    public var key: String
    public var keySpan: SourceSpan
    public var value: JSONValue

    public init(key: String, keySpan: SourceSpan, value: JSONValue) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}

/// One step of a JSON path: an object key or an array index.
public enum JSONPathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return String(index)
        }
    }
}

extension JSONValue {
    /// The path from this value down to the innermost value or key whose span is `target`
    /// (or, failing an exact match, the innermost one containing it).
    public func path(to target: SourceSpan) -> [JSONPathComponent] {
        // Walks the tape by its `next` links: no array of children is built, and only the keys
        // on the path are decoded (findings in a 2,000-entry Action list are common).
        var path: [JSONPathComponent] = []
        let nodes = document.nodes
        var current = index
        func contains(_ node: JSONNode, _ span: SourceSpan) -> Bool {
            SourceSpan(start: Int(node.start), end: Int(node.end)).contains(span)
        }
        while true {
            let node = nodes[current]
            switch node.kind {
            case .array:
                var child = current + 1
                var found: Int?
                for position in 0..<Int(node.childCount) {
                    if contains(nodes[child], target) {
                        found = child
                        path.append(.index(position))
                        break
                    }
                    child = Int(nodes[child].next)
                }
                guard let found else { return path }
                current = found
            case .object:
                var key = current + 1
                var found: Int?
                for _ in 0..<Int(node.childCount) / 2 {
                    let keyNode = nodes[key]
                    let value = Int(keyNode.next)
                    if SourceSpan(start: Int(keyNode.start), end: Int(keyNode.end)) == target {
                        path.append(.key(document.string(at: keyNode)))
                        return path
                    }
                    if found == nil, contains(nodes[value], target) { found = key }
                    key = Int(nodes[value].next)
                }
                guard let found else { return path }
                path.append(.key(document.string(at: nodes[found])))
                current = Int(nodes[found].next)
            default:
                return path
            }
        }
    }
}
