/// A half-open range of UTF-8 byte offsets into a source buffer.
///
/// Spans stay as byte offsets everywhere; line and column are worked out by
/// `SourceText` only when a message is rendered.
public struct SourceSpan: Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// An empty span at one offset, for "expected X here" messages.
    public static func point(_ offset: Int) -> SourceSpan { SourceSpan(start: offset, end: offset) }

    public var length: Int { end - start }

    public func contains(_ other: SourceSpan) -> Bool { start <= other.start && other.end <= end }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}
