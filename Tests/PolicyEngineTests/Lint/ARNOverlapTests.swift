import Testing

@testable import PolicyEngine

/// `ARNOverlap` visits only the position pairs it can reach; this reference answers the same
/// question by plain recursion over every pair, from the rules the type documents.
@Suite struct ARNOverlapTests {
    enum Token: Equatable {
        case byte(UInt8), any, one, field(slash: Bool)
    }

    static func tokens(_ text: String, resource: Bool) -> [Token] {
        var result: [Token] = []
        var rest = Substring(text)
        while let first = rest.utf8.first {
            if rest.hasPrefix("${"), let close = rest.firstIndex(of: "}") {
                let name = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
                if !resource, ["Partition", "Region", "Account"].contains(name) {
                    result.append(.field(slash: true))
                } else if !resource, name.hasSuffix("BucketName") {
                    result.append(.field(slash: false))
                } else if result.last != .any {
                    result.append(.any)
                }
                rest = rest[rest.index(after: close)...]
                continue
            }
            if first == UInt8(ascii: "*") {
                if result.last != .any { result.append(.any) }
            } else if resource, first == UInt8(ascii: "?") {
                result.append(.one)
            } else {
                result.append(.byte(first >= 65 && first <= 90 ? first + 32 : first))
            }
            rest = Substring(rest.utf8.dropFirst())
        }
        return result
    }

    /// Both sides consumed, token by token: a `*` takes any run (colons too), a field any run
    /// without `:` (and without `/` for a bucket name), `?` one byte.
    static func reference(_ a: ArraySlice<Token>, _ b: ArraySlice<Token>, _ memo: inout [Int: Bool], width: Int) -> Bool {
        // Slices keep their base's indices, so the pair of start indices names the position.
        let key = a.startIndex * width + b.startIndex
        if let known = memo[key] { return known }
        var answer = false
        if a.isEmpty && b.isEmpty {
            answer = true
        } else if let x = a.first, x == .any {
            answer = reference(a.dropFirst(), b, &memo, width: width)
                || (!b.isEmpty && reference(a, b.dropFirst(), &memo, width: width))
        } else if let y = b.first, y == .any {
            answer = reference(a, b.dropFirst(), &memo, width: width)
                || (!a.isEmpty && reference(a.dropFirst(), b, &memo, width: width))
        } else if let y = b.first, case .field(let slash) = y {
            var takes = false
            if let x = a.first {
                if case .byte(let byte) = x { takes = byte != UInt8(ascii: ":") && (slash || byte != UInt8(ascii: "/")) } else { takes = true }
            }
            answer = reference(a, b.dropFirst(), &memo, width: width)
                || (takes && reference(a.dropFirst(), b, &memo, width: width))
        } else if let x = a.first, let y = b.first, x == .one || y == .one || x == y {
            answer = reference(a.dropFirst(), b.dropFirst(), &memo, width: width)
        }
        memo[key] = answer
        return answer
    }

    static func expected(resource: String, format: String) -> Bool {
        let a = tokens(resource, resource: true)
        let b = tokens(format, resource: false)
        var memo: [Int: Bool] = [:]
        return reference(a[...], b[...], &memo, width: b.count + 1)
    }

    @Test func agreesWithPlainRecursionOnRandomPairs() {
        var random = SeededGenerator(state: 0xA12)
        let resourcePieces = ["a", "b", "B", ":", ":", "/", "*", "?", "${aws:username}", "s3", "iam"]
        let formatPieces = ["a", "b", ":", ":", "/", "*", "${Partition}", "${Region}", "${Account}", "${BucketName}", "${Key}", "s3", "iam"]
        var overlapping = 0
        for round in 0..<3_000 {
            func draw(_ pieces: [String], _ count: Int) -> String {
                (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            }
            // ARN-shaped pairs (which take the service shortcut) and free-form ones.
            let arnShaped = round % 2 == 0
            let resource = (arnShaped ? "arn:aws:" + draw(["s3", "iam"], 1) + ":" : "") + draw(resourcePieces, Int(random.next() % 9))
            let format = (arnShaped ? "arn:${Partition}:" + draw(["s3", "iam"], 1) + ":" : "") + draw(formatPieces, Int(random.next() % 9))
            let answer = ARNOverlap.overlaps(resource: resource, format: format)
            #expect(answer == Self.expected(resource: resource, format: format), "\(resource) vs \(format)")
            if answer { overlapping += 1 }
        }
        // Both answers are common, so the comparison tells something.
        #expect(overlapping > 300 && overlapping < 2_700)
    }

    @Test func longLiteralARNsAreSettledWithoutTheWholeTable() {
        let name = String(repeating: "segment/", count: 400)
        #expect(ARNOverlap.overlaps(resource: "arn:aws:s3:::bucket/" + name + "*", format: "arn:${Partition}:s3:::${BucketName}/${ObjectName}"))
        #expect(!ARNOverlap.overlaps(resource: "arn:aws:s3:::bucket/" + name, format: "arn:${Partition}:s3:::${BucketName}"))
    }

    @Test(arguments: ["arn:aws:s3:::bucket/key", "arn:aws:logs:us-east-1:111122223333:log-group:a:b:c", "", ":", "no-colon", "a::b", "arn:é:s3:::x"])
    func arnFieldsSplitAtTheFirstFiveColons(text: String) {
        let expected = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        #expect(ResourceARN.fields(text) == expected)
    }
}
