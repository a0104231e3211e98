import Testing

@testable import PolicyEngine

/// `ActionValueIndex` scans short lists and hashes long ones; either way it must give the
/// answer of trying every value's pattern in order.
@Suite struct ActionValueIndexTests {
    static let vocabulary = [
        "s3:GetObject", "s3:Get*", "s3:*", "S3:PutObject", "s3:?etObject", "ec2:Describe*", "ec2:*Instances", "*",
        "*:Get*", "s?:GetObject", "ec2*", "iam:PassRole", "iam:Pass*", "kms:Decrypt", "kms:*crypt", "sts:AssumeRole",
    ]
    static let names = [
        "s3:getobject", "s3:putobject", "s3:getbucketpolicy", "ec2:describeinstances", "ec2:runinstances",
        "iam:passrole", "kms:decrypt", "kms:encrypt", "sts:assumerole", "sqs:sendmessage", "ec2:", "sx:getobject",
    ]

    @Test func shortAndLongListsAnswerAsTheirPatternsInOrder() {
        var random = SeededGenerator(state: 0x1D8)
        for _ in 0..<400 {
            let count = 1 + Int(random.next() % 30)  // both sides of the scan limit
            let values = (0..<count).map { _ in Self.vocabulary[Int(random.next() % UInt64(Self.vocabulary.count))] }
            let index = ActionValueIndex(values.map { ActionValueFacts.of($0, catalog: .shared) })
            let patterns = values.map { GlobPattern($0.lowercased()) }
            for name in Self.names {
                let expected = patterns.firstIndex { $0.matches(name) }
                #expect(index.firstMatch(name) == expected, "\(name) in \(values)")
                #expect(index.matches(name) == (expected != nil), "\(name) in \(values)")
                #expect(index.position(of: LoweredName(name)) == values.firstIndex { $0.lowercased() == name })
            }
        }
    }

    /// `LintContext.compiled` hands the evaluator each value's pattern from its facts instead
    /// of compiling it again: the two must be the same pattern, case folding included.
    @Test(arguments: ["s3:GetObject", "S3:Get*", "ec2:?escribe*", "*", "S3:GetÖbject", "İam:Pass*", "\u{212A}ms:Decrypt", "sqs:*Message?"])
    func factsPatternsAreTheEvaluatorsPatterns(value: String) {
        #expect(ActionValueFacts.of(value, catalog: .shared).pattern == GlobPattern(value, caseInsensitive: true))
    }

    /// The run-wide memo shares answers between values that differ only in ASCII case, as the
    /// catalog compares them. A Kelvin sign (which `lowercased()` turns into `k`) is not `K`:
    /// asked first, it must not hand its "unknown service" to the real `kms` value.
    @Test func valuesThatDifferBeyondASCIICaseDoNotShareAnswers() {
        let kelvin = ActionValueFacts.of("\u{212A}ms:ReEncryptFrom", catalog: .shared)
        let ascii = ActionValueFacts.of("KMS:ReEncryptFrom", catalog: .shared)
        #expect(kelvin !== ascii)
        if case .unknownService = kelvin.resolution {} else { Issue.record("the Kelvin sign named a service: \(kelvin.resolution)") }
        if case .known = ascii.resolution {} else { Issue.record("KMS:ReEncryptFrom did not resolve: \(ascii.resolution)") }
        #expect(ActionValueFacts.of("kms:reencryptfrom", catalog: .shared) === ascii)
    }
}
