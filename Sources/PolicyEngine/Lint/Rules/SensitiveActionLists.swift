/// Data-driven lists of actions for the exfiltration and credentials rules. Every entry is
/// checked against the catalog by a test, so a typo cannot make a rule silently blind.
enum SensitiveActions {
    /// Reading data or secrets in bulk once granted on "*".
    static let dataExfiltration = [
        "s3:GetObject", "s3:GetObjectVersion", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
        "secretsmanager:GetSecretValue", "rds:CopyDBSnapshot", "rds:CreateDBSnapshot", "dynamodb:Scan",
        "kms:Decrypt", "ec2:GetPasswordData",
    ]

    /// Actions whose response carries credentials, tokens or passwords.
    static let credentialsExposure = [
        "iam:CreateAccessKey", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
        "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "sts:GetSessionToken", "sts:GetFederationToken",
        "ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken", "codeartifact:GetAuthorizationToken",
        "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials",
        "ec2:GetPasswordData", "lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword",
        "gamelift:GetInstanceAccess", "gamelift:RequestUploadCredentials", "gamelift:GetComputeAccess",
        "gamelift:GetComputeAuthToken", "cognito-identity:GetCredentialsForIdentity",
        "cognito-identity:GetOpenIdTokenForDeveloperIdentity", "appsync:CreateApiKey",
        "sagemaker:CreatePresignedDomainUrl", "sagemaker:CreatePresignedNotebookInstanceUrl", "chime:CreateApiKey",
        "mediapackage:RotateIngestEndpointCredentials", "ec2-instance-connect:SendSSHPublicKey", "ssm:StartSession",
    ]
}
