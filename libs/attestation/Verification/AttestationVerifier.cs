using System.Text.Json;
using Custody.Attestation.Jwt;
using C = Custody.Attestation.ConfidentialSpace.Claims;

namespace Custody.Attestation.Verification;

/// <summary>
/// Verifies a Confidential Space attestation token before a co-signer joins a signing session
/// (docs/architecture.md "Keys and signing"): RS256 only, signature by the trusted issuer's JWKS key, then
/// iss, aud, exp/nbf/iat with a small skew, swname, dbgstat, STABLE support, image digest allow-list and
/// the session nonce. The same code path serves production (Google's issuer) and local runs (the dev
/// issuer); only the trusted issuer differs, and production options refuse any issuer but Google's.
/// </summary>
public sealed class AttestationVerifier
{
    private readonly AttestationVerifierOptions _options;
    private readonly ISigningKeySource _keys;
    private readonly TimeProvider _time;

    public AttestationVerifier(AttestationVerifierOptions options, ISigningKeySource keys, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _keys = keys;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="token">The compact JWT the signer presented.</param>
    /// <param name="expectedNonce">The session binding the token's eat_nonce must equal.</param>
    public async Task<AttestationResult> VerifyAsync(string token, string expectedNonce, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedNonce);
        if (!JwsToken.TryParse(token, out var jws, out var error))
        {
            return Refuse(AttestationFailureReason.Malformed, error!);
        }

        using (jws)
        {
            // RFC 8725 section 3.1: accept exactly the one algorithm we expect; "none" and HMAC never.
            if (jws.Algorithm != "RS256")
            {
                return Refuse(AttestationFailureReason.UnsupportedAlgorithm, $"alg {jws.Algorithm ?? "(missing)"} is refused; only RS256 is accepted");
            }

            if (jws.HeaderElement.TryGetProperty("crit", out _))
            {
                return Refuse(AttestationFailureReason.UnsupportedAlgorithm, "crit header parameters are not supported");
            }

            if (jws.KeyId is not { Length: > 0 } kid)
            {
                return Refuse(AttestationFailureReason.Malformed, "the header has no kid");
            }

            var key = await _keys.FindAsync(kid, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return Refuse(AttestationFailureReason.UnknownKey, $"the issuer publishes no key {kid}");
            }

            if (!key.VerifyRs256(jws.SigningInput, jws.Signature))
            {
                return Refuse(AttestationFailureReason.BadSignature, $"the RS256 signature does not verify under key {kid}");
            }

            return CheckClaims(jws.Claims, expectedNonce);
        }
    }

    private AttestationResult CheckClaims(JsonElement claims, string expectedNonce)
    {
        var failures = new List<AttestationFailure>();
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)_options.ClockSkew.TotalSeconds;

        ExpectString(claims, C.Issuer, _options.Issuer, AttestationFailureReason.WrongIssuer, failures);
        ExpectString(claims, C.Audience, _options.Audience, AttestationFailureReason.WrongAudience, failures);

        // RFC 7519 section 4.1.4: exp is the first instant at which the token must not be accepted.
        if (ReadTime(claims, C.ExpiresAt, failures) is { } exp && now >= exp + skew)
        {
            failures.Add(new(AttestationFailureReason.Expired, $"expired at {exp}, now {now}"));
        }

        if (ReadTime(claims, C.NotBefore, failures) is { } nbf && now + skew < nbf)
        {
            failures.Add(new(AttestationFailureReason.NotYetValid, $"not valid before {nbf}, now {now}"));
        }

        if (ReadTime(claims, C.IssuedAt, failures) is { } iat && now + skew < iat)
        {
            failures.Add(new(AttestationFailureReason.NotYetValid, $"issued in the future ({iat}), now {now}"));
        }

        ExpectString(claims, C.SoftwareName, ConfidentialSpace.SoftwareName, AttestationFailureReason.WrongSoftware, failures);
        ExpectString(claims, C.DebugStatus, ConfidentialSpace.DebugDisabled, AttestationFailureReason.DebugEnabled, failures);
        CheckNonce(claims, expectedNonce, failures);

        string? digest = null;
        if (!claims.TryGetProperty(C.Submods, out var submods) || submods.ValueKind != JsonValueKind.Object)
        {
            failures.Add(new(AttestationFailureReason.MissingClaim, $"{C.Submods} is missing or not an object"));
        }
        else
        {
            CheckSupport(submods, failures);
            digest = CheckImage(submods, failures);
        }

        return new AttestationResult(failures, failures.Count == 0 ? digest : null);
    }

    private void CheckSupport(JsonElement submods, List<AttestationFailure> failures)
    {
        if (!submods.TryGetProperty(C.ConfidentialSpace, out var space) ||
            !space.TryGetProperty(C.SupportAttributes, out var attributes) ||
            attributes.ValueKind != JsonValueKind.Array)
        {
            failures.Add(new(AttestationFailureReason.NotStable, "submods.confidential_space.support_attributes is missing (debug images have none)"));
            return;
        }

        if (!attributes.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == ConfidentialSpace.StableSupport))
        {
            failures.Add(new(AttestationFailureReason.NotStable, "support_attributes does not contain STABLE"));
        }
    }

    private string? CheckImage(JsonElement submods, List<AttestationFailure> failures)
    {
        var digest = submods.TryGetProperty(C.Container, out var container) &&
                     container.ValueKind == JsonValueKind.Object &&
                     container.TryGetProperty(C.ImageDigest, out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()
            : null;
        if (digest is null)
        {
            failures.Add(new(AttestationFailureReason.MissingClaim, "submods.container.image_digest is missing"));
        }
        else if (!_options.AllowedImageDigests.Contains(digest, StringComparer.Ordinal))
        {
            failures.Add(new(AttestationFailureReason.ImageNotAllowed, $"image {digest} is not in the allow-list"));
        }

        return digest;
    }

    /// <summary>eat_nonce may be a string or an array; it must hold exactly the expected nonce, nothing else.</summary>
    private static void CheckNonce(JsonElement claims, string expected, List<AttestationFailure> failures)
    {
        if (!claims.TryGetProperty(C.Nonce, out var nonce))
        {
            failures.Add(new(AttestationFailureReason.MissingClaim, $"{C.Nonce} is missing"));
            return;
        }

        var matches = nonce.ValueKind switch
        {
            JsonValueKind.String => nonce.GetString() == expected,
            JsonValueKind.Array => nonce.GetArrayLength() == 1 && nonce[0].ValueKind == JsonValueKind.String && nonce[0].GetString() == expected,
            _ => false,
        };
        if (!matches)
        {
            failures.Add(new(AttestationFailureReason.NonceMismatch, "eat_nonce is not exactly the session binding"));
        }
    }

    private static void ExpectString(
        JsonElement claims, string name, string expected, AttestationFailureReason reason, List<AttestationFailure> failures)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            failures.Add(new(AttestationFailureReason.MissingClaim, $"{name} is missing"));
        }
        else if (value.ValueKind != JsonValueKind.String || value.GetString() != expected)
        {
            failures.Add(new(reason, $"{name} is {Describe(value)}, expected {expected}"));
        }
    }

    private static long? ReadTime(JsonElement claims, string name, List<AttestationFailure> failures)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            failures.Add(new(AttestationFailureReason.MissingClaim, $"{name} is missing"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            failures.Add(new(AttestationFailureReason.Malformed, $"{name} must be an integer NumericDate"));
            return null;
        }

        return seconds;
    }

    private static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"\"{Truncate(value.GetString()!)}\"" : value.ValueKind.ToString();

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private static AttestationResult Refuse(AttestationFailureReason reason, string detail) =>
        new([new AttestationFailure(reason, detail)], null);
}
