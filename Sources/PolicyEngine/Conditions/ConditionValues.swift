#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network, as written in `IpAddress` values (`203.0.113.0/24`, `2001:db8::/32`).
/// An address without a prefix is a single host (/32 or /128).
public struct IPNetwork: Sendable, Equatable {
    public var isIPv6: Bool
    /// The address as 16 bytes (IPv4 uses the first 4).
    public var bytes: [UInt8]
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPNetwork.parseAddress(String(parts[0])) else { return nil }
        isIPv6 = address.isIPv6
        bytes = address.bytes
        let maximum = isIPv6 ? 128 : 32
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length), parts[1].allSatisfy(\.isASCIIDigit)
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
    }

    static func parseAddress(_ text: String) -> (isIPv6: Bool, bytes: [UInt8])? {
        var storage = [UInt8](repeating: 0, count: 16)
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            return (true, storage)
        }
        guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
        return (false, storage)
    }

    /// Whether `address` (a plain IP) lies in this network; IPv4 never matches IPv6.
    public func contains(address text: String) -> Bool? {
        guard let address = IPNetwork.parseAddress(text) else { return nil }
        guard address.isIPv6 == isIPv6 else { return false }
        var remaining = prefixLength
        for index in 0..<(isIPv6 ? 16 : 4) where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if address.bytes[index] & mask != bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}

/// Dates in condition values: the W3C profiles of ISO 8601 (`2026-01-31`,
/// `2026-01-31T12:00Z`, `2026-01-31T12:00:00.5+02:00`) or epoch seconds. A date without a
/// time is midnight UTC, and a time without a zone is UTC.
public enum ConditionDate {
    /// Seconds since 1970-01-01T00:00:00Z.
    public static func parse(_ text: String) -> Double? {
        if isEpochSeconds(text) { return Double(text) }
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1
        var day = 1
        if expect("-") {
            guard let m = number(2), (1...12).contains(m) else { return nil }
            month = m
            if expect("-") {
                guard let d = number(2), (1...daysIn(month: m, year: year)).contains(d) else { return nil }
                day = d
            }
        }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        guard index < bytes.count else { return seconds }
        guard expect("T") || expect("t") else { return nil }
        guard let hour = number(2), hour < 24, expect(":"), let minute = number(2), minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(":") {
            guard let second = number(2), second < 61 else { return nil }
            seconds += Double(second)
            if expect(".") {
                let start = index
                var fraction = 0.0
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    fraction += Double(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
                seconds += fraction
            }
        }
        guard index < bytes.count else { return seconds }
        if expect("Z") || expect("z") { return index == bytes.count ? seconds : nil }
        let sign: Double
        if expect("+") { sign = 1 } else if expect("-") { sign = -1 } else { return nil }
        guard let offsetHours = number(2), offsetHours < 24 else { return nil }
        _ = expect(":")
        guard let offsetMinutes = number(2), offsetMinutes < 60, index == bytes.count else { return nil }
        return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
    }

    /// `1735689600`, `-1`, `1735689600.5`: a number, read as seconds since 1970 (not milliseconds).
    private static func isEpochSeconds(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCIIDigit || $0 == "." }
            && digits.filter { $0 == "." }.count <= 1 && digits.first != "."
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Numbers in Numeric conditions: integers or decimals, compared as written values.
enum ConditionNumber {
    static func parse(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "+" }) else {
            return nil
        }
        return Double(text)
    }
}
