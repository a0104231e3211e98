/// A strict RFC 8259 parser over UTF-8 bytes that records the span of every value and key.
///
/// It rejects what lenient parsers accept (trailing commas, comments, `NaN`, single quotes,
/// raw control characters, invalid UTF-8, lone surrogates), keeps duplicate keys, skips a
/// leading byte-order mark and stops at `maximumDepth` levels of nesting, so hostile input
/// ends in a clean error rather than a stack overflow.
public enum JSONParser {
    /// Foundation's limit; IAM policies nest about five levels.
    public static let defaultMaximumDepth = 512

    /// Parses `bytes` into a document whose `root` is the top-level value.
    public static func parseDocument(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth)
        throws(JSONParseError) -> JSONDocument
    {
        let result: Result<[JSONNode], JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer, maximumDepth: maximumDepth)
            do throws(JSONParseError) {
                try scanner.parseDocument()
                return .success(scanner.nodes)
            } catch {
                return .failure(error)
            }
        }
        return JSONDocument(bytes: bytes, nodes: try result.get())
    }

    public static func parse(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError)
        -> JSONValue
    {
        try parseDocument(bytes, maximumDepth: maximumDepth).root
    }

    public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError)
        -> JSONValue
    {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }
}

private enum ASCII {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
}

struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0
    var nodes: [JSONNode] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        // Pretty-printed policies average a node per 20 bytes or so; a guess saves most regrowth.
        nodes.reserveCapacity(bytes.count / 20 + 8)
    }

    mutating func parseDocument() throws(JSONParseError) {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONParseError(offset: 0, message: "the input is larger than 4 GiB")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        if index == bytes.count {
            throw JSONParseError(offset: index, message: "the file is empty, expected a JSON value")
        }
        try parseValue()
        skipWhitespace()
        if index < bytes.count {
            if let special = describeNonJSON(at: index) { throw JSONParseError(offset: index, message: special) }
            throw JSONParseError(offset: index, message: "unexpected \(describeByte(at: index)) after the JSON value")
        }
    }

    @inline(__always)
    private mutating func appendLeaf(_ kind: JSONNode.Kind, start: Int, end: Int, hasEscapes: Bool = false) {
        nodes.append(
            JSONNode(kind: kind, hasEscapes: hasEscapes, start: UInt32(start), end: UInt32(end), childCount: 0,
                next: UInt32(nodes.count + 1)))
    }

    /// Fills in a container's end, child count and subtree end once its children are on the tape.
    @inline(__always)
    private mutating func closeContainer(_ nodeIndex: Int, childCount: Int) throws(JSONParseError) {
        guard childCount <= JSONNode.maximumChildCount else {
            throw JSONParseError(offset: Int(nodes[nodeIndex].start), message: "an array or object has more than \(JSONNode.maximumChildCount) entries")
        }
        nodes[nodeIndex].end = UInt32(index)
        nodes[nodeIndex].childCount = UInt32(childCount)
        nodes[nodeIndex].next = UInt32(nodes.count)
        depth -= 1
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count else {
            throw JSONParseError(offset: index, message: "unexpected end of input, expected a value")
        }
        switch bytes[index] {
        case ASCII.openBrace: try parseObject()
        case ASCII.openBracket: try parseArray()
        case ASCII.quote:
            let start = index
            let hasEscapes = try parseString()
            appendLeaf(.string, start: start, end: index, hasEscapes: hasEscapes)
        case ASCII.minus, ASCII.zero...ASCII.nine: try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true", .true)
        case UInt8(ascii: "f"): try parseLiteral("false", .false)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        default:
            throw JSONParseError(offset: index, message: unexpectedValueMessage(at: index))
        }
    }

    mutating func parseObject() throws(JSONParseError) {
        let nodeIndex = nodes.count
        try enterContainer()
        appendLeaf(.object, start: index, end: index)
        index += 1  // {
        var memberCount = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == ASCII.closeBrace {
            index += 1
            try closeContainer(nodeIndex, childCount: 0)
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONParseError(offset: index, message: "unexpected end of input, expected an object key")
            }
            let byte = bytes[index]
            if byte != ASCII.quote {
                if byte == ASCII.closeBrace, memberCount > 0 {
                    throw JSONParseError(offset: index, message: "trailing comma before '}' is not allowed")
                }
                if let special = describeNonJSON(at: index) { throw JSONParseError(offset: index, message: special) }
                throw JSONParseError(
                    offset: index, message: "expected '\"' to begin an object key, found \(describeByte(at: index))")
            }
            let keyStart = index
            let keyHasEscapes = try parseString()
            appendLeaf(.string, start: keyStart, end: index, hasEscapes: keyHasEscapes)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == ASCII.colon else {
                throw expected("':' after object key")
            }
            index += 1
            try parseValue()
            memberCount += 1
            skipWhitespace()
            guard index < bytes.count else { throw expected("',' or '}' after object member") }
            switch bytes[index] {
            case ASCII.comma:
                index += 1
            case ASCII.closeBrace:
                index += 1
                try closeContainer(nodeIndex, childCount: memberCount * 2)
                return
            default:
                throw expected("',' or '}' after object member")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) {
        let nodeIndex = nodes.count
        try enterContainer()
        appendLeaf(.array, start: index, end: index)
        index += 1  // [
        var elementCount = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == ASCII.closeBracket {
            index += 1
            try closeContainer(nodeIndex, childCount: 0)
            return
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == ASCII.closeBracket, elementCount > 0 {
                throw JSONParseError(offset: index, message: "trailing comma before ']' is not allowed")
            }
            try parseValue()
            elementCount += 1
            skipWhitespace()
            guard index < bytes.count else { throw expected("',' or ']' after array element") }
            switch bytes[index] {
            case ASCII.comma:
                index += 1
            case ASCII.closeBracket:
                index += 1
                try closeContainer(nodeIndex, childCount: elementCount)
                return
            default:
                throw expected("',' or ']' after array element")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth {
            throw JSONParseError(
                offset: index, message: "nesting is deeper than \(maximumDepth) levels of arrays and objects")
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ kind: JSONNode.Kind) throws(JSONParseError) {
        let start = index
        let length = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { literal -> Bool in
            guard bytes.count - index >= length else { return false }
            for offset in 0..<length where bytes[index + offset] != literal[offset] { return false }
            return true
        }
        guard matches, !isIdentifierByte(at: index + length) else {
            throw JSONParseError(offset: index, message: unexpectedValueMessage(at: index))
        }
        index += length
        appendLeaf(kind, start: start, end: index)
    }

    // MARK: - Numbers

    mutating func parseNumber() throws(JSONParseError) {
        let start = index
        if bytes[index] == ASCII.minus {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                if let special = describeNonJSON(at: start) { throw JSONParseError(offset: start, message: special) }
                throw JSONParseError(offset: index, message: "expected a digit after '-'")
            }
        }
        if bytes[index] == ASCII.zero {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONParseError(offset: start, message: "numbers cannot have leading zeros")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == ASCII.period {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONParseError(offset: index, message: "expected a digit after the decimal point")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == ASCII.plus || bytes[index] == ASCII.minus { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONParseError(offset: index, message: "expected a digit in the exponent")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        appendLeaf(.number, start: start, end: index)
    }

    // MARK: - Strings

    /// Validates a string starting at its opening quote and leaves `index` after the closing
    /// quote. Returns whether it has escapes (and so must be decoded, not copied, when read).
    mutating func parseString() throws(JSONParseError) -> Bool {
        let quote = index
        index += 1
        // Fast path: printable ASCII without escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                index += 1
                return false
            }
            if byte == ASCII.backslash || byte < ASCII.space || byte >= 0x80 { break }
            index += 1
        }
        var hasEscapes = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case ASCII.quote:
                index += 1
                return hasEscapes
            case ASCII.backslash:
                hasEscapes = true
                try validateEscape()
            case 0x00..<ASCII.space:
                throw JSONParseError(
                    offset: index,
                    message: "control character \(unicodeName(UInt32(byte))) must be escaped in a string")
            case 0x80...:
                try skipUTF8Sequence()
            default:
                index += 1
            }
        }
        throw JSONParseError(offset: quote, message: "unterminated string, expected a closing '\"'")
    }

    private mutating func validateEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else {
            throw JSONParseError(offset: escapeStart, message: "unterminated escape sequence in string")
        }
        let byte = bytes[index]
        index += 1
        switch byte {
        case ASCII.quote, ASCII.backslash, ASCII.slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let first = try readHexQuad(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(first) {
                // A high surrogate must be followed by an escaped low surrogate.
                let lowStart = index
                guard index + 1 < bytes.count, bytes[index] == ASCII.backslash, bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw JSONParseError(
                        offset: escapeStart, message: "lone surrogate `\\u\(hex(first))` in string escape")
                }
                index += 2
                let second = try readHexQuad(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw JSONParseError(
                        offset: escapeStart, message: "lone surrogate `\\u\(hex(first))` in string escape")
                }
            } else if (0xDC00...0xDFFF).contains(first) {
                throw JSONParseError(offset: escapeStart, message: "lone surrogate `\\u\(hex(first))` in string escape")
            }
        default:
            let shown = byte < 0x80 && byte >= ASCII.space ? "`\\\(Character(Unicode.Scalar(byte)))`" : "`\\`"
            throw JSONParseError(offset: escapeStart, message: "invalid escape sequence \(shown) in string")
        }
    }

    private mutating func readHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw JSONParseError(offset: escapeStart, message: "expected four hex digits after `\\u`")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at `index` (Unicode Table 3-7) and steps over it.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let length = validUTF8SequenceLength(at: index)
        guard length > 0 else {
            throw JSONParseError(offset: index, message: "invalid UTF-8 byte 0x\(hex(UInt32(bytes[index]), width: 2))")
        }
        index += length
    }

    /// The length of the valid UTF-8 sequence at `offset`, or 0 if the bytes there are not one.
    func validUTF8SequenceLength(at offset: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else { return 0 }
        for continuation in 2..<max(2, length) where bytes[offset + continuation] & 0xC0 != 0x80 { return 0 }
        return length
    }

    // MARK: - Helpers

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case ASCII.space, ASCII.newline, ASCII.carriageReturn, ASCII.tab: index += 1
            default: return
            }
        }
    }

    private func expected(_ what: String) -> JSONParseError {
        if index >= bytes.count {
            return JSONParseError(offset: index, message: "unexpected end of input, expected \(what)")
        }
        if let special = describeNonJSON(at: index) { return JSONParseError(offset: index, message: special) }
        return JSONParseError(offset: index, message: "expected \(what), found \(describeByte(at: index))")
    }

    /// Messages for things other JSON dialects allow, so the user learns why they are rejected.
    private func describeNonJSON(at offset: Int) -> String? {
        switch bytes[offset] {
        case ASCII.slash:
            if offset + 1 < bytes.count, bytes[offset + 1] == ASCII.slash || bytes[offset + 1] == UInt8(ascii: "*") {
                return "comments are not allowed in JSON"
            }
            return nil
        case ASCII.apostrophe:
            return "strings must be in double quotes, not single quotes"
        default:
            for word in ["NaN", "Infinity", "-Infinity", "+Infinity"] where hasPrefix(word, at: offset) {
                return "`\(word)` is not a JSON number"
            }
            return nil
        }
    }

    private func unexpectedValueMessage(at offset: Int) -> String {
        if let special = describeNonJSON(at: offset) { return special }
        let byte = bytes[offset]
        if byte == ASCII.closeBracket || byte == ASCII.closeBrace || byte == ASCII.comma {
            return "expected a value, found \(describeByte(at: offset))"
        }
        if isIdentifierByte(at: offset) {
            var end = offset
            while end < bytes.count, end - offset < 32, isIdentifierByte(at: end) { end += 1 }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
            if ["true", "false", "null"].contains(word.lowercased()), word != word.lowercased() {
                return "`\(word)` is not a JSON value; JSON literals are lower case (`\(word.lowercased())`)"
            }
            return "unexpected `\(word)`, expected a value (strings must be in double quotes)"
        }
        return "expected a value, found \(describeByte(at: offset))"
    }

    /// `'x'`, `byte 0x00`, `invalid UTF-8 byte 0xFF` or `'é'`, for messages.
    func describeByte(at offset: Int) -> String {
        let byte = bytes[offset]
        if byte >= 0x80 {
            let length = validUTF8SequenceLength(at: offset)
            guard length > 0 else { return "invalid UTF-8 byte 0x\(hex(UInt32(byte), width: 2))" }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
            return "'\(text)'"
        }
        if byte < ASCII.space || byte == 0x7F { return "byte 0x\(hex(UInt32(byte), width: 2))" }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    private func hasPrefix(_ word: String, at offset: Int) -> Bool {
        var position = offset
        for byte in word.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private func isIdentifierByte(at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let byte = bytes[offset] | 0x20
        return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || isDigit(bytes[offset])
            || bytes[offset] == UInt8(ascii: "_")
    }
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= ASCII.zero && byte <= ASCII.nine }

func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case ASCII.zero...ASCII.nine: return byte - ASCII.zero
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

private func hex(_ value: UInt32, width: Int = 4) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

private func unicodeName(_ value: UInt32) -> String { "U+" + hex(value) }

/// Decodes the escapes of string content the scanner has already validated.
enum JSONEscapes {
    static func decode(_ content: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: decodeBytes(content, recordingOffsets: false).bytes, as: UTF8.self)
    }

    /// The decoded bytes and, when asked, for each decoded byte the index in `content` of the
    /// character or escape it came from (so text inside a JSON string can be mapped back).
    static func decodeBytes(
        _ content: UnsafeBufferPointer<UInt8>, recordingOffsets: Bool
    ) -> (bytes: [UInt8], offsets: [Int]) {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(content.count)
        var offsets: [Int] = []
        if recordingOffsets { offsets.reserveCapacity(content.count) }
        var index = 0
        while index < content.count {
            let start = index
            let byte = content[index]
            if byte == ASCII.backslash, index + 1 < content.count {
                let escaped = content[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(ASCII.newline)
                case UInt8(ascii: "r"): decoded.append(ASCII.carriageReturn)
                case UInt8(ascii: "t"): decoded.append(ASCII.tab)
                case UInt8(ascii: "u"):
                    var scalar = hexQuad(content, at: index)
                    index += 4
                    if (0xD800...0xDBFF).contains(scalar), index + 6 <= content.count {
                        let low = hexQuad(content, at: index + 2)
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    appendUTF8(scalar, to: &decoded)
                default: decoded.append(escaped)  // \" \\ \/
                }
            } else {
                decoded.append(byte)
                index += 1
            }
            if recordingOffsets {
                while offsets.count < decoded.count { offsets.append(start) }
            }
        }
        return (decoded, offsets)
    }

    private static func hexQuad(_ content: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for position in offset..<min(offset + 4, content.count) {
            value = value << 4 | UInt32(hexValue(content[position]) ?? 0)
        }
        return value
    }
}

private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        buffer.append(UInt8(scalar))
    case 0x80..<0x800:
        buffer.append(UInt8(0xC0 | (scalar >> 6)))
        buffer.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        buffer.append(UInt8(0xE0 | (scalar >> 12)))
        buffer.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        buffer.append(UInt8(0xF0 | (scalar >> 18)))
        buffer.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        buffer.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
