/// Access Analyzer's four finding types, lowest first, so `>=` reads as "at least as serious".
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case suggestion
    case warning
    case securityWarning = "security-warning"
    case error

    private var rank: Int {
        switch self {
        case .suggestion: return 0
        case .warning: return 1
        case .securityWarning: return 2
        case .error: return 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What a finding is about; rules in one category answer the same kind of question.
public enum FindingCategory: String, Sendable, CaseIterable {
    case grammar
    case validity
    case leastPrivilege = "least-privilege"
    case privilegeEscalation = "privilege-escalation"
    case dataExfiltration = "data-exfiltration"
    case credentialsExposure = "credentials-exposure"
    case resourceExposure = "resource-exposure"
    case permissionsManagement = "permissions-management"
    case condition
    case trust
    case hygiene
}
