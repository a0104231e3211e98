/// Every lint rule, in the order `policylint rules` lists them.
public enum BuiltInRules {
    public static let all: [any LintRule] = [
        FullAdminRule(), WildcardActionRule(), ServiceWildcardActionRule(), AllowNotActionRule(), AllowNotResourceRule(),
        WildcardResourceRule(), PassRoleWildcardRule(), PrivilegeEscalationRule(), PermissionsManagementRule(),
        DataExfiltrationRule(), CredentialsExposureRule(), PublicResourcePolicyRule(), AllowNotPrincipalRule(),
        TrustPolicyOpenRule(), OIDCTrustWithoutSubjectRule(), ServicePrincipalWithoutSourceRule(), RedundantActionRule(),
        RedundantStatementRule(), UnknownActionRule(), DeprecatedActionRule(), WildcardInServiceNameRule(),
        UnknownConditionOperatorRule(), NullWithQualifierRule(), WildcardWithoutLikeRule(), MFABoolInDenyRule(),
        UnknownConditionKeyRule(), ConstantConditionRule(), InvalidResourceARNRule(), ResourceTypeMismatchRule(),
        ConditionTypeMismatchRule(), InvalidConditionValueRule(), StringLikeOnARNKeyRule(), ForAllValuesSingleValuedRule(),
        MissingQualifierRule(), MFANullCheckRule(), SourceIPPrivateRangeRule(), S3PrefixNegativeRule(), EquivalentToNullRule(),
        DeprecatedGlobalKeyRule(), UnsupportedConditionKeyRule(), PolicyVariableRule(), PolicySizeQuotaRule(), RCPSyntaxRule(),
        TrustActionMismatchRule(),
    ]

    public static var descriptions: [RuleDescription] { all.map { type(of: $0).description } }

    /// Lint rule ids and the grammar checks' ids: everything a configuration can name.
    public static var allIds: [String] { descriptions.map(\.id) + GrammarCheck.allCases.map(\.id) }
}
