namespace Custody.Attestation.Verification;

/// <summary>Why an attestation token is refused.</summary>
public enum AttestationFailureReason
{
    /// <summary>Not a strict compact JWS, duplicate members, wrong claim types or missing claims.</summary>
    Malformed,

    /// <summary>The header's <c>alg</c> is not RS256 (none, HS256, ES256, ... are all refused), or <c>crit</c> is present.</summary>
    UnsupportedAlgorithm,

    /// <summary>No key with the header's <c>kid</c> in the issuer's JWKS, even after a refresh.</summary>
    UnknownKey,

    /// <summary>The RS256 signature does not verify.</summary>
    BadSignature,

    MissingClaim,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,

    /// <summary><c>swname</c> is not CONFIDENTIAL_SPACE.</summary>
    WrongSoftware,

    /// <summary><c>dbgstat</c> is not disabled-since-boot: a debug image.</summary>
    DebugEnabled,

    /// <summary><c>submods.confidential_space.support_attributes</c> lacks STABLE.</summary>
    NotStable,

    /// <summary><c>submods.container.image_digest</c> is not in the allow-list.</summary>
    ImageNotAllowed,

    /// <summary><c>eat_nonce</c> is not exactly the expected session binding.</summary>
    NonceMismatch,
}
