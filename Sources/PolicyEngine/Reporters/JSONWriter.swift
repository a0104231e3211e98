/// Writes JSON text without Foundation: reporters build their output with it.
public struct JSONWriter {
    public private(set) var output = ""

    public init() {}

    public mutating func raw(_ text: String) { output += text }

    public mutating func string(_ value: String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let digits = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { output += "null" }
    }

    public mutating func number(_ value: Int) { output += String(value) }

    public mutating func bool(_ value: Bool) { output += value ? "true" : "false" }

    /// Writes `{"key": value, ...}`; `body` writes the members through `member`.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var members = ObjectWriter(writer: self)
        output = ""  // drop our reference so the members writer appends in place, without a copy
        members.writer.output += "{"
        body(&members)
        members.writer.output += "}"
        self = members.writer
    }

    public mutating func array<Element>(_ elements: some Sequence<Element>, _ body: (inout JSONWriter, Element) -> Void)
    {
        output += "["
        var first = true
        for element in elements {
            if !first { output += "," }
            first = false
            body(&self, element)
        }
        output += "]"
    }

    public struct ObjectWriter {
        var writer: JSONWriter
        var first = true

        public mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
            if !first { writer.output += "," }
            first = false
            writer.string(key)
            writer.output += ":"
            body(&writer)
        }
    }
}
