import Testing

@testable import PolicyEngine

/// Parses `text` and returns the error's `line:column` and message.
private func parseError(_ text: String) -> (position: String, message: String)? {
    parseError(Array(text.utf8))
}

private func parseError(_ bytes: [UInt8]) -> (position: String, message: String)? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        let position = SourceText(name: "test", bytes: bytes).position(of: error.offset)
        return ("\(position)", error.message)
    }
}

@Suite struct JSONParserTests {
    @Test func keepsSpansOfValuesAndKeys() throws {
        let text = #"{"Version": "2012-10-17", "Statement": [1, true, null]}"#
        let root = try JSONParser.parse(text)
        let source = SourceText(name: "t", text: text)
        let members = try #require(root.objectValue)
        #expect(members.map(\.key) == ["Version", "Statement"])
        #expect(source.text(of: members[0].keySpan) == #""Version""#)
        #expect(source.text(of: members[0].value.span) == #""2012-10-17""#)
        let elements = try #require(members[1].value.arrayValue)
        #expect(elements.map { source.text(of: $0.span) } == ["1", "true", "null"])
        #expect(root.span == SourceSpan(start: 0, end: text.utf8.count))
    }

    @Test func keepsDuplicateKeysInOrder() throws {
        let root = try JSONParser.parse(#"{"Effect": "Allow", "Effect": "Deny"}"#)
        let members = try #require(root.objectValue)
        #expect(members.map(\.key) == ["Effect", "Effect"])
        #expect(members.map(\.value.stringValue) == ["Allow", "Deny"])
        #expect(root["Effect"]?.stringValue == "Deny")
    }

    @Test func keepsTheOriginalTextOfNumbers() throws {
        let digits = String(repeating: "9", count: 400)
        let root = try JSONParser.parse("[0, -0.10, 1e400, 2E-3, \(digits)]")
        let texts = try #require(root.arrayValue).map { value -> String? in
            if case .number(let text) = value.kind { return text }
            return nil
        }
        #expect(texts == ["0", "-0.10", "1e400", "2E-3", digits])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let root = try JSONParser.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0041", "\ud83d\ude00", "é日本"]"#)
        let strings = try #require(root.arrayValue).map(\.stringValue)
        #expect(strings == ["a\"b\\c/d\u{08}\u{0C}\n\r\t", "éA", "😀", "é日本"])
    }

    @Test func skipsALeadingByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
        let root = try JSONParser.parse(bytes)
        #expect(root.objectValue?.first?.key == "a")
        #expect(root.span.start == 3)
    }

    @Test func acceptsEveryKindOfWhitespaceAndEmptyContainers() throws {
        let root = try JSONParser.parse(" \t\r\n{ \"a\" : [ ] , \"b\" : { } }\r\n")
        #expect(root.objectValue?.count == 2)
    }

    // Each malformed-JSON class, pinned to its line and column (columns count characters).
    @Test(arguments: [
        ("{\"a\": 1,}", "1:9", "trailing comma before '}' is not allowed"),
        ("[1, 2,\n]", "2:1", "trailing comma before ']' is not allowed"),
        ("{\n  // note\n  \"a\": 1\n}", "2:3", "comments are not allowed in JSON"),
        ("{\"a\": 1 /* note */}", "1:9", "comments are not allowed in JSON"),
        ("[NaN]", "1:2", "`NaN` is not a JSON number"),
        ("[Infinity]", "1:2", "`Infinity` is not a JSON number"),
        ("[-Infinity]", "1:2", "`-Infinity` is not a JSON number"),
        ("{'a': 1}", "1:2", "strings must be in double quotes, not single quotes"),
        ("[\"a\tb\"]", "1:4", "control character U+0009 must be escaped in a string"),
        ("[\"line\nbreak\"]", "1:7", "control character U+000A must be escaped in a string"),
        ("[\"\\ud800\"]", "1:3", "lone surrogate `\\uD800` in string escape"),
        ("[\"\\udc00\"]", "1:3", "lone surrogate `\\uDC00` in string escape"),
        ("[\"\\ud800\\u0041\"]", "1:3", "lone surrogate `\\uD800` in string escape"),
        ("[\"\\x\"]", "1:3", "invalid escape sequence `\\x` in string"),
        ("[\"\\u12G4\"]", "1:3", "expected four hex digits after `\\u`"),
        ("{\"a\": 1 \"b\": 2}", "1:9", "expected ',' or '}' after object member, found '\"'"),
        ("[1 2]", "1:4", "expected ',' or ']' after array element, found '2'"),
        ("{\"a\" 1}", "1:6", "expected ':' after object key, found '1'"),
        ("{\"a\": }", "1:7", "expected a value, found '}'"),
        ("{1: 2}", "1:2", "expected '\"' to begin an object key, found '1'"),
        ("[\"abc", "1:2", "unterminated string, expected a closing '\"'"),
        ("[01]", "1:2", "numbers cannot have leading zeros"),
        ("[1.]", "1:4", "expected a digit after the decimal point"),
        ("[1e+]", "1:5", "expected a digit in the exponent"),
        ("[-]", "1:3", "expected a digit after '-'"),
        ("[+1]", "1:2", "expected a value, found '+'"),
        ("[True]", "1:2", "`True` is not a JSON value; JSON literals are lower case (`true`)"),
        ("[undefined]", "1:2", "unexpected `undefined`, expected a value (strings must be in double quotes)"),
        ("", "1:1", "the file is empty, expected a JSON value"),
        ("  \n ", "2:2", "the file is empty, expected a JSON value"),
        ("{\"a\": 1} x", "1:10", "unexpected 'x' after the JSON value"),
        ("{\"a\": [1, 2", "1:12", "unexpected end of input, expected ',' or ']' after array element"),
        ("{\"a\"", "1:5", "unexpected end of input, expected ':' after object key"),
        ("{\"é日\": 1,}", "1:10", "trailing comma before '}' is not allowed"),
        ("{\"a\": 1,\r\n \"b\": 2,\r\n}", "3:1", "trailing comma before '}' is not allowed"),
        ("{\"a\": 1,\r \"b\",}", "2:5", "expected ':' after object key, found ','"),
    ])
    func malformedJSONIsReportedAtItsPosition(text: String, position: String, message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.position == position)
        #expect(error.message == message)
    }

    @Test(arguments: [
        ([0x5B, 0x22, 0xFF, 0x22, 0x5D], "1:3", "invalid UTF-8 byte 0xFF"),
        ([0x5B, 0x22, 0xC0, 0x80, 0x22, 0x5D], "1:3", "invalid UTF-8 byte 0xC0"),  // overlong NUL
        ([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], "1:3", "invalid UTF-8 byte 0xED"),  // encoded surrogate
        ([0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D], "1:3", "invalid UTF-8 byte 0xF4"),  // above U+10FFFF
        ([0x5B, 0x22, 0xE6, 0x97, 0x22, 0x5D], "1:3", "invalid UTF-8 byte 0xE6"),  // truncated sequence
        ([0x5B, 0x22, 0xC3, 0xA9, 0xFF, 0x22, 0x5D], "1:4", "invalid UTF-8 byte 0xFF"),  // after é: column 4
        ([0x5B, 0xFF, 0x5D], "1:2", "expected a value, found invalid UTF-8 byte 0xFF"),
        ([0x5B, 0x22, 0x61, 0x00, 0x22, 0x5D], "1:4", "control character U+0000 must be escaped in a string"),
        ([0x7B, 0x7D, 0x00], "1:3", "unexpected byte 0x00 after the JSON value"),
        ([0x00], "1:1", "expected a value, found byte 0x00"),
    ] as [([UInt8], String, String)])
    func invalidBytesAreReportedAtTheirPosition(bytes: [UInt8], position: String, message: String) throws {
        let error = try #require(parseError(bytes))
        #expect(error.position == position)
        #expect(error.message == message)
    }

    @Test(.timeLimit(.minutes(1)))
    func millionDeepNestingIsACleanError() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let error = try #require(parseError(bytes))
        #expect(error.position == "1:513")
        #expect(error.message == "nesting is deeper than 512 levels of arrays and objects")
    }

    @Test func nestingUpToTheLimitParses() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONParser.parse(text)
        #expect(parseError(String(repeating: "[", count: 513) + String(repeating: "]", count: 513)) != nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func fiftyMegabyteFileParses() throws {
        // A policy with 50 MB of statements: the parser must stay linear.
        let statement = #"{"Sid":"S","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/*"},"#
        let count = 50_000_000 / statement.utf8.count + 1
        var bytes: [UInt8] = Array(#"{"Version":"2012-10-17","Statement":["#.utf8)
        bytes.reserveCapacity(count * statement.utf8.count + 64)
        for _ in 0..<count { bytes += statement.utf8 }
        bytes.removeLast()
        bytes += Array("]}".utf8)
        #expect(bytes.count > 50_000_000)
        let root = try JSONParser.parse(bytes)
        #expect(root["Statement"]?.arrayValue?.count == count)
    }

    @Test(.timeLimit(.minutes(1)))
    func fiftyMegabyteGarbageFailsCleanly() throws {
        var bytes: [UInt8] = Array(#"{"a": ""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50_000_000)
        let error = try #require(parseError(bytes))
        #expect(error.position == "1:7")
        #expect(error.message == "unterminated string, expected a closing '\"'")
    }
}

@Suite struct SourceTextTests {
    @Test func columnsCountCharactersNotBytes() {
        let source = SourceText(name: "t", text: "é日😀x\nab")
        #expect(source.position(of: 0) == SourcePosition(line: 1, column: 1))
        #expect(source.position(of: 2) == SourcePosition(line: 1, column: 2))  // after é (2 bytes)
        #expect(source.position(of: 5) == SourcePosition(line: 1, column: 3))  // after 日 (3 bytes)
        #expect(source.position(of: 9) == SourcePosition(line: 1, column: 4))  // after 😀 (4 bytes)
        #expect(source.position(of: 11) == SourcePosition(line: 2, column: 1))
        #expect(source.position(of: 13) == SourcePosition(line: 2, column: 3))  // end of input
    }

    @Test func everyLineBreakStyleCounts() {
        let source = SourceText(name: "t", text: "a\r\nb\rc\nd")
        #expect(source.position(of: 3) == SourcePosition(line: 2, column: 1))
        #expect(source.position(of: 5) == SourcePosition(line: 3, column: 1))
        #expect(source.position(of: 7) == SourcePosition(line: 4, column: 1))
    }

    @Test func pathsLeadToValuesAndKeys() throws {
        let text = #"{"Statement": [{"Action": ["a", "b", "c"]}]}"#
        let root = try JSONParser.parse(text)
        let action = try #require(root["Statement"]?.arrayValue?[0])
        let members = try #require(action.objectValue)
        let third = try #require(members[0].value.arrayValue?[2])
        #expect(root.path(to: third.span) == [.key("Statement"), .index(0), .key("Action"), .index(2)])
        #expect(root.path(to: members[0].keySpan) == [.key("Statement"), .index(0), .key("Action")])
        #expect(root.path(to: action.span) == [.key("Statement"), .index(0)])
        #expect(root.path(to: root.span) == [])
    }
}
