namespace Custody.Attestation;

/// <summary>
/// Constants of Google Confidential Space attestation tokens (Confidential Space docs, "Attestation token
/// claims" and "Attestation assertions").
/// </summary>
public static class ConfidentialSpace
{
    /// <summary>The issuer of production attestation tokens (OIDC discovery at /.well-known/openid-configuration).</summary>
    public const string GoogleIssuer = "https://confidentialcomputing.googleapis.com";

    /// <summary>The launcher's token API socket inside a Confidential Space VM.</summary>
    public const string LauncherSocketPath = "/run/container_launcher/teeserver.sock";

    /// <summary><c>swname</c> of the Confidential Space image.</summary>
    public const string SoftwareName = "CONFIDENTIAL_SPACE";

    /// <summary><c>dbgstat</c> of production (non-debug) images.</summary>
    public const string DebugDisabled = "disabled-since-boot";

    /// <summary>The support attribute of images that receive security updates.</summary>
    public const string StableSupport = "STABLE";

    /// <summary>Custom-token limits: at most six nonces, each 8 to 88 bytes; the audience at most 512 bytes.</summary>
    public const int MaxNonces = 6;

    public const int MinNonceBytes = 8;

    public const int MaxNonceBytes = 88;

    public const int MaxAudienceBytes = 512;

    /// <summary>Claim names.</summary>
    public static class Claims
    {
        public const string Issuer = "iss";
        public const string Audience = "aud";
        public const string Subject = "sub";
        public const string ExpiresAt = "exp";
        public const string NotBefore = "nbf";
        public const string IssuedAt = "iat";
        public const string Nonce = "eat_nonce";
        public const string SoftwareName = "swname";
        public const string DebugStatus = "dbgstat";
        public const string Submods = "submods";
        public const string ConfidentialSpace = "confidential_space";
        public const string SupportAttributes = "support_attributes";
        public const string Container = "container";
        public const string ImageDigest = "image_digest";
    }
}
