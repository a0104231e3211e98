#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed JSON text stored as a flat tape of nodes in document order, over the original
/// bytes. Parsing allocates only the tape; strings and numbers are decoded when read.
public final class JSONDocument: Sendable {
    public let bytes: [UInt8]
    let nodes: [JSONNode]

    init(bytes: [UInt8], nodes: [JSONNode]) {
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: 0) }
}

/// One value on the tape. Containers store how many direct children they have and where
/// their subtree ends, so a reader can step over them; an object's children alternate
/// key, value.
struct JSONNode: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, array, object
    }

    var start: UInt32
    var end: UInt32
    /// The index of the node after this one's subtree.
    var next: UInt32
    // Kind in the top 3 bits, the escape flag in the next, the child count below: 16-byte nodes
    // keep the tape of a large policy under glibc's mmap threshold more often.
    private var packed: UInt32

    static let maximumChildCount = (1 << 28) - 1

    init(kind: Kind, hasEscapes: Bool, start: UInt32, end: UInt32, childCount: UInt32, next: UInt32) {
        self.start = start
        self.end = end
        self.next = next
        packed = UInt32(kind.rawValue) << 29 | (hasEscapes ? 1 << 28 : 0) | childCount
    }

    var kind: Kind { Kind(rawValue: UInt8(packed >> 29))! }
    /// For strings: the text has escapes and must be decoded rather than copied.
    var hasEscapes: Bool { packed & (1 << 28) != 0 }
    /// Number of direct children (members count twice: key and value).
    var childCount: UInt32 {
        get { packed & UInt32(JSONNode.maximumChildCount) }
        set { packed = (packed & ~UInt32(JSONNode.maximumChildCount)) | newValue }
    }
}

extension JSONDocument {
    /// The key spans of every repeated object key in the document, in document order: each
    /// occurrence after the first. Works on the tape and raw bytes, so it builds no strings
    /// unless a key has escapes.
    public func repeatedKeySpans() -> [SourceSpan] {
        repeatedKeySpans(nodeRange: 0..<nodes.count)
    }

    /// The same, for the values whose tape nodes are `nodeRange` (one value's subtree, so a
    /// policy inside a large snapshot costs what the policy costs).
    func repeatedKeySpans(nodeRange: Range<Int>) -> [SourceSpan] {
        var repeated: [SourceSpan] = []
        bytes.withUnsafeBufferPointer { buffer in
            var keyNodes: [Int] = []
            for index in nodeRange {
                let node = nodes[index]
                guard node.kind == .object && node.childCount > 2 else { continue }
                keyNodes.removeAll(keepingCapacity: true)
                var child = index + 1
                for position in 0..<Int(node.childCount) {
                    if position % 2 == 0 { keyNodes.append(child) }
                    child = Int(nodes[child].next)
                }
                for later in 1..<keyNodes.count {
                    let laterNode = nodes[keyNodes[later]]
                    for earlier in 0..<later where sameKey(nodes[keyNodes[earlier]], laterNode, buffer) {
                        repeated.append(SourceSpan(start: Int(laterNode.start), end: Int(laterNode.end)))
                        break
                    }
                }
            }
        }
        return repeated
    }

    private func sameKey(_ lhs: JSONNode, _ rhs: JSONNode, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        if lhs.hasEscapes || rhs.hasEscapes { return string(at: lhs) == string(at: rhs) }
        let length = Int(lhs.end - lhs.start)
        guard length == Int(rhs.end - rhs.start) else { return false }
        return memcmp(buffer.baseAddress! + Int(lhs.start), buffer.baseAddress! + Int(rhs.start), length) == 0
    }
}

extension JSONDocument {
    /// The decoded text of the string whose span (quotes included) is `span`.
    func text(of span: SourceSpan) -> String {
        guard let node = nodes.first(where: { Int($0.start) == span.start && Int($0.end) == span.end }),
            node.kind == .string
        else { return text(start: span.start, end: span.end) }
        return string(at: node)
    }
}
