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

    var kind: Kind
    /// For strings: the text has escapes and must be decoded rather than copied.
    var hasEscapes: Bool
    var start: UInt32
    var end: UInt32
    /// Number of direct children (members count twice: key and value).
    var childCount: UInt32
    /// The index of the node after this one's subtree.
    var next: UInt32
}
