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
enum ARNMatcher {
    static func matches(_ pattern: GlobPattern, resource: String) -> Bool {
        if pattern.matchesEverything { return true }
        if resource == "*" { return false }
        let patternSegments = pattern.split(maxSplits: 5)
        let resourceSegments = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard resourceSegments.count == 6 else {
            // Not an ARN (an S3 access point alias, say): compare the whole text.
            return patternSegments.count == 1 && pattern.matches(resource)
        }
        if patternSegments.count == 6 {
            for index in 0..<6 where !patternSegments[index].matches(String(resourceSegments[index])) { return false }
            return true
        }
        guard let last = patternSegments.last, last.endsWithAnyRun else { return false }
        let leading = patternSegments.count - 1
        for index in 0..<leading where !patternSegments[index].matches(String(resourceSegments[index])) { return false }
        return last.matches(resourceSegments[leading...].joined(separator: ":"))
    }

    /// `ArnEquals`/`ArnLike` (identical in AWS): a value that is not an ARN matches nothing.
    static func conditionMatches(pattern: String, arn: String) -> Bool {
        guard arn.hasPrefix("arn:") || GlobPattern(pattern).matchesEverything else { return false }
        return matches(GlobPattern(pattern), resource: arn)
    }
}
