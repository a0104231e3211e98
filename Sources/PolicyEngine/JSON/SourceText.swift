#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A line and column, both counted from 1. Columns count Unicode scalars, not bytes,
/// so a column after `é` is the one an editor shows.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// The bytes of one source plus a line index built on first use.
///
/// `\n`, `\r\n` and a lone `\r` each end a line (JSON allows `\r` as white space).
public final class SourceText: @unchecked Sendable {
    public let name: String
    public let bytes: [UInt8]
    // Offsets at which each line starts; built lazily, guarded by `lock`.
    private var lineStartsStorage: [Int]?
    private let lock = Lock()

    /// For text taken out of a larger file (a policy inside a template, a JSON string in a
    /// Terraform plan): the file, and for each byte (plus one past the end) its offset there.
    /// Positions are then the file's, so findings point into the file the user has open.
    public let container: SourceText?
    private let containerOffsets: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.container = nil
        self.containerOffsets = []
    }

    /// Text embedded in `container`; `offsets[i]` is where byte `i` came from, and
    /// `offsets[bytes.count]` where the text ends.
    public init(embeddedIn container: SourceText, bytes: [UInt8], offsets: [Int]) {
        precondition(offsets.count == bytes.count + 1, "one offset per byte, plus the end")
        self.name = container.name
        self.bytes = bytes
        self.container = container
        self.containerOffsets = offsets
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    private var lineStarts: [Int] {
        lock.withLock {
            if let starts = lineStartsStorage { return starts }
            var starts = [0]
            bytes.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                let count = bytes.count
                // Most files have no carriage return: then memchr finds each line feed.
                if memchr(base, 0x0D, count) == nil {
                    var from = 0
                    while from < count, let found = memchr(base + from, 0x0A, count - from) {
                        from = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                        starts.append(from)
                    }
                    return
                }
                var index = 0
                while index < count {
                    let byte = bytes[index]
                    if byte == 0x0A {
                        starts.append(index + 1)
                    } else if byte == 0x0D {
                        if index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                        starts.append(index + 1)
                    }
                    index += 1
                }
            }
            lineStartsStorage = starts
            return starts
        }
    }

    /// The position of a byte offset. Offsets past the end clamp to the end.
    public func position(of offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, bytes.count))
        if let container { return container.position(of: containerOffsets[offset]) }
        let starts = lineStarts
        // Binary search for the last line start <= offset.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var lineStart = starts[low]
        // An offset between `\r` and `\n` belongs to the line the `\r` ends.
        if lineStart > offset { lineStart = offset }
        var column = 1
        var index = lineStart
        while index < offset {
            // Count every byte that starts a scalar; continuation bytes are 10xxxxxx.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    public func range(of span: SourceSpan) -> (start: SourcePosition, end: SourcePosition) {
        (position(of: span.start), position(of: span.end))
    }

    /// The source text of a span, with invalid UTF-8 repaired.
    public func text(of span: SourceSpan) -> String {
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
