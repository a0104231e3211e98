/// Why a JSON text could not be parsed, and the byte offset where the parser stopped.
///
/// Messages follow one style: lower case, no final period, the offending input in backticks.
public struct JSONParseError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
