/// Policies longer than their type's character quota: AWS refuses to store them.
struct PolicySizeQuotaRule: LintRule {
    struct Quota: Sendable {
        var limit: Int
        var code: String
        var severity: Severity
        var note: String
        /// IAM does not count white space at all; Organizations counts what is inside strings.
        var countsWhitespaceInStrings: Bool
    }

    /// From "IAM and AWS STS quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
    /// and "Quotas and service limits for AWS Organizations"
    /// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
    static func quota(for type: PolicyType, storage: IdentityPolicyStorage? = nil) -> Quota? {
        if type == .identity || type == .boundary, let storage {
            // The holder says how IAM stores the policy: its own quota applies.
            let (limit, note): (Int, String)
            switch storage {
            case .managed: (limit, note) = (6_144, "a managed policy's")
            case .userInline: (limit, note) = (2_048, "the most a user's inline policies may hold together")
            case .groupInline: (limit, note) = (5_120, "the most a group's inline policies may hold together")
            case .roleInline: (limit, note) = (10_240, "the most a role's inline policies may hold together")
            }
            return Quota(limit: limit, code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", severity: .warning, note: note,
                countsWhitespaceInStrings: false)
        }
        switch type {
        case .identity, .boundary:
            // The largest an identity policy can be (a role's inline policies); a file does not
            // say whether it is managed (6,144) or inline, and Access Analyzer uses this figure too.
            return Quota(limit: 10_240, code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", severity: .warning,
                note: "the most a role's inline policies may hold together; a managed policy may hold 6,144",
                countsWhitespaceInStrings: false)
        case .trust:
            return Quota(limit: 2_048, code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", severity: .warning,
                note: "the default quota for a role trust policy, which Service Quotas can raise to 8,192",
                countsWhitespaceInStrings: false)
        case .scp:
            return Quota(limit: 5_120, code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA", severity: .error,
                note: "counted without white space outside strings, as the console saves it; through the API every character counts",
                countsWhitespaceInStrings: true)
        case .rcp:
            return Quota(limit: 5_120, code: "POLICY_SIZE_EXCEEDS_RCP_QUOTA", severity: .error,
                note: "counted without white space outside strings, as the console saves it; through the API every character counts",
                countsWhitespaceInStrings: true)
        case .resource, .session:
            return nil
        }
    }

    static let description = RuleDescription(
        id: "policy-size-quota",
        summary: "Policies must fit their type's size quota",
        rationale: """
            IAM refuses a managed policy of more than 6,144 characters and, by default, a role trust \
            policy of more than 2,048, not counting white space; inline policies share 2,048 \
            characters per user, 5,120 per group and 10,240 per role \
            (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A policy \
            file does not say whether it is managed or inline, so identity policies in one are held to \
            the largest of these, 10,240, as Access Analyzer does (its findings on AWS's managed \
            policies match that figure, not 6,144). A template, plan or snapshot does say \
            (AWS::IAM::ManagedPolicy, aws_iam_user_policy, a user's inline policy), and then that \
            quota applies. \
            Organizations refuses SCPs and RCPs of more than 5,120 characters, counting every \
            character except, when saved in the console, white space outside strings \
            (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). \
            The count here is the smaller one AWS could see, so a policy reported is over the quota \
            however it is saved. Characters are Unicode scalars. Resource policies (whose quotas \
            differ by service) and session policies are not checked. AWS managed policies are not \
            held to the customer quota, so several of them exceed it.
            """,
        severity: .warning, category: .validity, issueCode: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
        policyTypes: [.identity, .boundary, .trust, .scp, .rcp],
        triggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [↓{"Effect": "Allow", "Principal": {"AWS": ["#
                + (0..<60).map { #""arn:aws:iam::111122223333:role/deployer-\#($0)""# }.joined(separator: ", ")
                + #"]}, "Action": "sts:AssumeRole"}]}"#, policyType: .trust),
        ],
        nonTriggering: [
            Example(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#, policyType: .trust),
        ])

    /// Characters AWS counts in `bytes`: Unicode scalars, without white space (outside strings
    /// only, when `inStrings` is true).
    static func size(of slice: ArraySlice<UInt8>, countingWhitespaceInStrings inStrings: Bool) -> Int {
        slice.withUnsafeBufferPointer { size(of: $0, countingWhitespaceInStrings: inStrings) }
    }

    static func size(of bytes: UnsafeBufferPointer<UInt8>, countingWhitespaceInStrings inStrings: Bool) -> Int {
        if !inStrings {
            // No white space counts anywhere: strings need not be tracked, and the loop has no branches.
            var count = 0
            for byte in bytes {
                let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                count &+= (byte & 0xC0 != 0x80 && !isSpace) ? 1 : 0
            }
            return count
        }
        var count = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if byte & 0xC0 == 0x80 { continue }  // a UTF-8 continuation byte: same character
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                if !isSpace || inStrings { count += 1 }
            } else {
                if byte == UInt8(ascii: "\"") { inString = true }
                if !isSpace { count += 1 }
            }
        }
        return count
    }

    func check(_ context: LintContext) -> [RuleFinding] {
        // A document without statements is not a policy (a scenario file, say): nothing to measure.
        guard let quota = Self.quota(for: context.policyType, storage: context.document.identityStorage),
            !context.policy.statements.isEmpty
        else { return [] }
        let span = context.policy.span
        let bytes = context.document.source.bytes
        guard span.start >= 0, span.end <= bytes.count, span.start < span.end else { return [] }
        // Every character is at least a byte: a policy of no more bytes than the limit is within it.
        guard span.end - span.start > quota.limit else { return [] }
        let size = Self.size(of: bytes[span.start..<span.end], countingWhitespaceInStrings: quota.countsWhitespaceInStrings)
        guard size > quota.limit else { return [] }
        let at = context.policy.statements.first?.span ?? span
        return [RuleFinding(
            "the policy has \(size) characters, more than the \(quota.limit) of its quota (\(quota.note))",
            at: at, help: "split it into several policies, or merge statements and use wildcards to shorten it",
            issueCode: quota.code, severity: quota.severity)]
    }
}
