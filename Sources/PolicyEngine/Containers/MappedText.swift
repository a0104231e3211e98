/// Text put together from pieces of a container file (a template, a plan, a snapshot), each
/// byte remembering the file offset it came from, so a policy built from it can be parsed
/// like any other and its findings still point into the file.
public struct MappedText: Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var offsets: [Int] = []
    /// Where the text ends in the file, for positions past the last byte; by default just
    /// after the last byte's origin.
    public var endOffset: Int?

    public init(endOffset: Int? = nil) {
        self.endOffset = endOffset
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public var isEmpty: Bool { bytes.isEmpty }

    /// Generated text (a placeholder, punctuation), all of it attributed to one file offset.
    public mutating func append(_ literal: String, at offset: Int) {
        for byte in literal.utf8 {
            bytes.append(byte)
            offsets.append(offset)
        }
    }

    public mutating func append(byte: UInt8, at offset: Int) {
        bytes.append(byte)
        offsets.append(offset)
    }

    /// A stretch of the file copied as it is.
    public mutating func appendVerbatim(_ span: SourceSpan, of file: [UInt8]) {
        let start = max(0, min(span.start, file.count))
        let end = max(start, min(span.end, file.count))
        bytes.append(contentsOf: file[start..<end])
        offsets.append(contentsOf: start..<end)
    }

    public mutating func append(_ other: MappedText) {
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets)
    }

    /// `content` as a JSON string literal: quoted, with `"`, `\` and control bytes escaped;
    /// each byte of an escape maps where the escaped byte came from.
    public mutating func appendJSONString(_ content: MappedText, quotesAt offset: Int) {
        append("\"", at: offset)
        for (byte, origin) in zip(content.bytes, content.offsets) {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\")); offsets.append(origin)
                bytes.append(byte); offsets.append(origin)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                for escaped in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] {
                    bytes.append(escaped); offsets.append(origin)
                }
            default:
                bytes.append(byte); offsets.append(origin)
            }
        }
        append("\"", at: content.offsets.last.map { $0 + 1 } ?? offset)
    }

    /// The decoded content of a JSON string value, each byte mapped to the character or escape
    /// it was written as. Nil when the value is not a string.
    public static func content(of value: JSONValue) -> MappedText? {
        let node = value.node
        guard node.kind == .string else { return nil }
        let start = Int(node.start) + 1
        let end = Int(node.end) - 1
        var text = MappedText(endOffset: end)
        let file = value.document.bytes
        if !node.hasEscapes {
            text.appendVerbatim(SourceSpan(start: start, end: end), of: file)
            return text
        }
        let decoded = file.withUnsafeBufferPointer {
            JSONEscapes.decodeBytes(UnsafeBufferPointer(rebasing: $0[start..<end]), recordingOffsets: true)
        }
        text.bytes = decoded.bytes
        text.offsets = decoded.offsets.map { $0 + start }
        return text
    }

    /// Bytes `range` with their origins.
    func slice(_ range: Range<Int>) -> MappedText {
        var text = MappedText()
        for index in range where index < bytes.count {
            text.append(byte: bytes[index], at: offsets[index])
        }
        return text
    }

    /// RFC 3986 percent-decoding, as the IAM API encodes policy documents (`+` stays `+`).
    /// Nil when a `%` is not followed by two hex digits.
    public func percentDecoded() -> MappedText? {
        var decoded = MappedText(endOffset: endOffset)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    return nil
                }
                decoded.bytes.append(high << 4 | low)
                decoded.offsets.append(offsets[index])
                index += 3
            } else {
                decoded.bytes.append(byte)
                decoded.offsets.append(offsets[index])
                index += 1
            }
        }
        return decoded
    }

    /// The text as a source of its own whose positions are those of `file`.
    public func source(in file: SourceText) -> SourceText {
        SourceText(embeddedIn: file, bytes: bytes, offsets: offsets + [endOffset ?? offsets.last.map { $0 + 1 } ?? 0])
    }
}
