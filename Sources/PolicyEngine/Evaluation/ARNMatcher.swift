/// Resource and ARN-condition matching, by AWS's segment rules.
///
/// An ARN is `arn:partition:service:region:account:resource`. A pattern is matched segment by
/// segment, so a `*` in the partition, service, region or account does not cross a `:`, while
/// in the resource part (everything after the fifth colon) it matches anything, `/` and `:`
/// included. A pattern with fewer segments whose last character is `*` (`arn:aws:s3:*`) lets
/// that `*` run to the end of the ARN; one without such a `*` matches nothing. `"*"` matches
/// every resource, including the `*` of actions that take no resource. Matching is case-sensitive.
/// Source: IAM User Guide, "IAM JSON policy elements: Resource", and "ArnLike" in
/// "IAM JSON policy elements: Condition operators".
/// A class: statements hold many, and matching one then retains a single reference rather
/// than each of its pattern arrays.
final class ResourcePattern: Sendable {
    let matchesEverything: Bool
    /// Up to six segments, split on the first five literal colons.
    let segments: [GlobPattern]
    let whole: GlobPattern

    init(_ pattern: GlobPattern) {
        whole = pattern
        matchesEverything = pattern.matchesEverything
        segments = pattern.split(maxSplits: 5)
    }

    convenience init(_ text: String) { self.init(GlobPattern(text)) }

    func matches(_ resource: PreparedResource) -> Bool { resource.withView { matches($0) } }

    func matches(_ resource: ResourceView) -> Bool {
        if matchesEverything { return true }
        if resource.isWildcard { return false }
        let buffer = resource.bytes
        // Borrow the segments in place: copying each out of the array would retain it.
        return segments.withUnsafeBufferPointer { segments in
            guard let bounds = resource.segmentBounds else {
                // Not an ARN (an S3 access point alias, say): compare the whole text.
                return segments.count == 1 && whole.matches(buffer)
            }
            func segment(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: buffer[bounds[index].start..<bounds[index].end])
            }
            if segments.count == 6 {
                for index in 0..<6 where !segments[index].matches(segment(index)) { return false }
                return true
            }
            guard let last = segments.last, last.endsWithAnyRun else { return false }
            let leading = segments.count - 1
            for index in 0..<leading where !segments[index].matches(segment(index)) { return false }
            // The rest of the ARN from this segment on, colons included.
            return last.matches(UnsafeBufferPointer(rebasing: buffer[bounds[leading].start..<buffer.count]))
        }
    }
}

/// A resource (or an ARN condition value) split into its segments once, for every pattern.
/// It owns its text; `withView` lends the bytes to the matchers.
struct PreparedResource: Sendable {
    let text: String
    let isWildcard: Bool
    /// The six segments' byte ranges; nil when the text is not an ARN.
    let segmentBounds: SegmentBounds?

    init(_ text: String) {
        var text = text
        isWildcard = text == "*"
        segmentBounds = text.withUTF8 { SegmentBounds($0) }
        self.text = text
    }

    func withView<Result>(_ body: (ResourceView) -> Result) -> Result {
        var text = self.text
        return text.withUTF8 { body(ResourceView(bytes: $0, isWildcard: isWildcard, segmentBounds: segmentBounds)) }
    }
}

/// A resource's bytes and segments, borrowed for one evaluation: valid only inside the
/// closure that lent them (`PreparedResource.withView`, `PreparedRequest.with`).
struct ResourceView {
    let bytes: UnsafeBufferPointer<UInt8>
    let isWildcard: Bool
    let segmentBounds: SegmentBounds?

    init(bytes: UnsafeBufferPointer<UInt8>, isWildcard: Bool, segmentBounds: SegmentBounds?) {
        self.bytes = bytes
        self.isWildcard = isWildcard
        self.segmentBounds = segmentBounds
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.init(bytes: bytes, isWildcard: bytes.count == 1 && bytes[0] == UInt8(ascii: "*"),
            segmentBounds: SegmentBounds(bytes))
    }

    /// The account segment's bytes, when the resource is an ARN that names one.
    var account: UnsafeBufferPointer<UInt8>? {
        guard let bounds = segmentBounds, bounds[4].end > bounds[4].start else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[bounds[4].start..<bounds[4].end])
    }
}

/// Where an ARN's six segments start and end, stored inline: no allocation per request.
struct SegmentBounds: Sendable {
    private var colons: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
    let count: Int

    /// nil unless the text starts `arn:` and has at least four more colons.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 4, bytes[0] == 0x61, bytes[1] == 0x72, bytes[2] == 0x6E, bytes[3] == UInt8(ascii: ":")
        else { return nil }
        // A plain scan: the five colons come within the first few dozen bytes, where a call to
        // memchr for each costs more than the bytes it skips.
        var colons: (Int, Int, Int, Int, Int) = (3, 0, 0, 0, 0)
        var found = 1
        var index = 4
        while found < 5 {
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ":") {
                switch found {
                case 1: colons.1 = index
                case 2: colons.2 = index
                case 3: colons.3 = index
                default: colons.4 = index
                }
                found += 1
            }
            index += 1
        }
        self.colons = colons
        self.count = bytes.count
    }

    private func colon(_ index: Int) -> Int {
        switch index {
        case 0: return colons.0
        case 1: return colons.1
        case 2: return colons.2
        case 3: return colons.3
        default: return colons.4
        }
    }

    subscript(index: Int) -> (start: Int, end: Int) {
        (index == 0 ? 0 : colon(index - 1) + 1, index == 5 ? count : colon(index))
    }
}

enum ARNMatcher {
    static func matches(_ pattern: GlobPattern, resource: String) -> Bool {
        ResourcePattern(pattern).matches(PreparedResource(resource))
    }

    /// `ArnEquals`/`ArnLike` (identical in AWS): a value that is not an ARN matches nothing.
    static func conditionMatches(_ pattern: ResourcePattern, arn: String) -> Bool {
        let value = PreparedResource(arn)
        guard value.segmentBounds != nil || pattern.matchesEverything else { return false }
        return pattern.matches(value)
    }
}
