/// The checks the parser and the policy decoder make, with their stable ids.
///
/// A check's issue code and severity are its usual ones; a finding may carry a more
/// specific code (`EMPTY_OBJECT_PRINCIPAL` rather than `EMPTY_ARRAY_PRINCIPAL`) or a
/// severity that depends on the policy type (duplicate Sids).
public enum GrammarCheck: String, Sendable, CaseIterable {
    case jsonSyntax = "json-syntax"
    case duplicateKey = "duplicate-key"
    case dataTypeMismatch = "data-type-mismatch"
    case unknownElement = "unknown-element"
    case missingVersion = "missing-version"
    case invalidVersion = "invalid-version"
    case missingStatement = "missing-statement"
    case missingEffect = "missing-effect"
    case invalidEffect = "invalid-effect"
    case missingAction = "missing-action"
    case missingResource = "missing-resource"
    case missingPrincipal = "missing-principal"
    case unsupportedElementCombination = "unsupported-element-combination"
    case unsupportedPrincipal = "unsupported-principal"
    case unsupportedResource = "unsupported-resource"
    case unsupportedNotAction = "unsupported-not-action"
    case invalidPrincipal = "invalid-principal"
    case emptyAction = "empty-action"
    case emptyResource = "empty-resource"
    case emptyPrincipal = "empty-principal"
    case emptyCondition = "empty-condition"
    case emptySid = "empty-sid"
    case unsupportedSid = "unsupported-sid"
    case duplicateSid = "duplicate-sid"
    // Checks on the file around a policy: its shape, and policies embedded in it.
    case unrecognizedFile = "unrecognized-file"
    case invalidEmbeddedPolicy = "invalid-embedded-policy"
    case policyUnknownUntilApply = "policy-unknown-until-apply"

    public var id: String { rawValue }

    public var summary: String {
        switch self {
        case .jsonSyntax: return "The policy must be valid JSON"
        case .duplicateKey: return "An object must not repeat a key"
        case .dataTypeMismatch: return "Each policy element must have the JSON type IAM expects"
        case .unknownElement: return "Only IAM policy elements may appear in a policy"
        case .missingVersion: return "A policy should state its Version"
        case .invalidVersion: return "Version must be 2012-10-17 or 2008-10-17"
        case .missingStatement: return "A policy needs at least one statement"
        case .missingEffect: return "A statement needs an Effect"
        case .invalidEffect: return "Effect must be Allow or Deny"
        case .missingAction: return "A statement needs Action or NotAction"
        case .missingResource: return "A statement needs Resource or NotResource"
        case .missingPrincipal: return "Statements of this policy type need Principal or NotPrincipal"
        case .unsupportedElementCombination: return "An element and its Not form cannot share a statement"
        case .unsupportedPrincipal: return "This policy type does not accept this principal element"
        case .unsupportedResource: return "Role trust policies do not accept Resource or NotResource"
        case .unsupportedNotAction: return "Resource control policies do not accept NotAction"
        case .invalidPrincipal: return "Principal must be \"*\" or an object of AWS, Service, Federated or CanonicalUser"
        case .emptyAction: return "An empty Action list makes the statement do nothing"
        case .emptyResource: return "An empty Resource list makes the statement do nothing"
        case .emptyPrincipal: return "An empty Principal makes the statement do nothing"
        case .emptyCondition: return "An empty condition block or value list has a surprising effect"
        case .emptySid: return "A Sid should not be empty"
        case .unsupportedSid: return "IAM Sids may use only letters and digits"
        case .duplicateSid: return "Statement ids should be unique in a policy"
        case .unrecognizedFile: return "A file must be a policy, a CloudFormation template, a Terraform plan or an account snapshot"
        case .invalidEmbeddedPolicy: return "A policy inside a template, plan or snapshot must be an object or JSON text"
        case .policyUnknownUntilApply: return "A Terraform policy computed at apply time cannot be checked in the plan"
        }
    }

    public var severity: Severity {
        switch self {
        case .missingVersion, .duplicateSid, .unrecognizedFile: return .warning
        case .policyUnknownUntilApply: return .suggestion
        case .emptyAction, .emptyResource, .emptyPrincipal, .emptyCondition, .emptySid: return .suggestion
        default: return .error
        }
    }

    public var category: FindingCategory { .grammar }

    public var issueCode: String? {
        switch self {
        case .jsonSyntax: return "JSON_SYNTAX_ERROR"
        case .duplicateKey: return nil
        case .dataTypeMismatch: return "DATA_TYPE_MISMATCH"
        case .unknownElement: return "INVALID_POLICY_ELEMENT"
        case .missingVersion: return "MISSING_VERSION"
        case .invalidVersion: return "INVALID_VERSION"
        case .missingStatement: return "MISSING_STATEMENT"
        case .missingEffect: return "MISSING_EFFECT"
        case .invalidEffect: return "INVALID_EFFECT"
        case .missingAction: return "MISSING_ACTION"
        case .missingResource: return "MISSING_RESOURCE"
        case .missingPrincipal: return "MISSING_PRINCIPAL"
        case .unsupportedElementCombination: return "UNSUPPORTED_ELEMENT_COMBINATION"
        case .unsupportedPrincipal: return "UNSUPPORTED_PRINCIPAL"
        case .unsupportedResource: return "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
        case .unsupportedNotAction: return "RCP_SYNTAX_ERROR_NOTACTION"
        case .invalidPrincipal: return "INVALID_PRINCIPAL_FORMAT"
        case .emptyAction: return "EMPTY_ARRAY_ACTION"
        case .emptyResource: return "EMPTY_ARRAY_RESOURCE"
        case .emptyPrincipal: return "EMPTY_ARRAY_PRINCIPAL"
        case .emptyCondition: return "EMPTY_OBJECT_CONDITION"
        case .emptySid: return "EMPTY_SID_VALUE"
        case .unsupportedSid: return "UNSUPPORTED_SID"
        case .duplicateSid: return "UNIQUE_SIDS_RECOMMENDED"
        case .unrecognizedFile, .invalidEmbeddedPolicy, .policyUnknownUntilApply: return nil
        }
    }

    /// A finding of this check; `issueCode` and `severity` override the defaults.
    public func finding(
        _ message: String, at span: SourceSpan, help: String? = nil, issueCode: String? = nil,
        severity: Severity? = nil
    ) -> Finding {
        Finding(
            ruleId: id, severity: severity ?? self.severity, category: category,
            issueCode: issueCode ?? self.issueCode, message: message, help: help, span: span)
    }
}
