/// ASCII case folding for catalog names. IAM compares action names, service prefixes and
/// condition keys without regard to case, and every catalog name is ASCII (the generator
/// checks), so folding bytes is enough and needs no String allocation.
enum CaseFold {
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Orders as the generator sorts, by lower-cased bytes: negative, zero or positive.
    static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let count = min(lhs.count, rhs.count)
        var index = 0
        while index < count {
            let left = lower(lhs[index])
            let right = lower(rhs[index])
            if left != right { return Int(left) - Int(right) }
            index += 1
        }
        return lhs.count - rhs.count
    }

    static func compare(_ lhs: String, _ rhs: String) -> Int {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in rhs.withUTF8 { right in compare(left, right) } }
    }

    static func equal(_ lhs: String, _ rhs: String) -> Bool { compare(lhs, rhs) == 0 }

    /// `text` with its ASCII letters lower-cased and nothing else changed: equal for two texts
    /// exactly when `compare` finds them equal. `String.lowercased()` folds more (the Kelvin
    /// sign becomes `k`), which would make `\u{212A}ms:Decrypt` the same key as `kms:Decrypt`.
    static func lowered(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in String(decoding: bytes.map(lower), as: UTF8.self) }
    }

    /// Binary search of `count` names sorted by `compare`; `name(i)` gives the i-th.
    static func search(_ key: String, count: Int, name: (Int) -> String) -> Int? {
        var key = key
        return key.withUTF8 { key in
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                var candidate = name(middle)
                let order = candidate.withUTF8 { compare($0, key) }
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}
