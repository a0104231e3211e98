#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A string with its hash worked out once, equal when its bytes are: a key for the lookups the
/// linter repeats for every policy (memos of catalog answers, a statement's action values),
/// where hashing a String anew each time with the standard hasher was the larger part of the
/// cost. Bytes, not canonical equivalence, as patterns compare.
struct HashedText: Hashable, Sendable {
    let text: String
    private let code: UInt64

    init(_ text: String) {
        self.text = text
        var bytes = text
        code = bytes.withUTF8(ServicePrefix.hash)
    }

    static func == (lhs: HashedText, rhs: HashedText) -> Bool {
        lhs.code == rhs.code && sameBytes(lhs.text.utf8, rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Byte equality on the strings' own storage: the generic `elementsEqual` over UTF-8
    /// views cost nearly 2,000 instructions a name.
    static func sameBytes(_ lhs: String.UTF8View, _ rhs: String.UTF8View) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let fast = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        return (fast ?? nil) ?? lhs.elementsEqual(rhs)
    }
}
