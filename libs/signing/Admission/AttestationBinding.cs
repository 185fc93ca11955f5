using System.Security.Cryptography;
using Custody.Attestation;
using Custody.Domain.Hashing;
using Custody.Ethereum;

namespace Custody.Signing.Admission;

/// <summary>
/// What the signer's attestation token must be bound to before a co-signer joins a session (docs/signing.md
/// "Attestation binding"): the session label, the intent hash, the signing hash this co-signer computed itself, and
/// a fresh 32-byte challenge the co-signer chose for this session. The token's <c>eat_nonce</c> must equal
/// <see cref="SessionNonce.For"/> of the canonical text below, so a token is good for one co-signer, one session and
/// one transaction only, and cannot be made before the co-signer asked.
/// </summary>
public static class AttestationBinding
{
    public const int ChallengeLength = 32;

    /// <summary>A fresh challenge from the OS CSPRNG.</summary>
    public static byte[] NewChallenge() => RandomNumberGenerator.GetBytes(ChallengeLength);

    /// <summary>The eat_nonce for this binding (64 lower-case hex characters).</summary>
    public static string Nonce(ReadOnlySpan<byte> sessionLabel, Hash32 intentHash, Bytes32 signingHash, ReadOnlySpan<byte> challenge)
    {
        if (sessionLabel.IsEmpty)
        {
            throw new ArgumentException("the session label is empty", nameof(sessionLabel));
        }

        if (challenge.Length != ChallengeLength)
        {
            throw new ArgumentException($"a challenge is {ChallengeLength} bytes", nameof(challenge));
        }

        // Every part has a fixed length or is hex: the text is unambiguous.
        return SessionNonce.For(
            $"label={Convert.ToHexStringLower(sessionLabel)};intent={intentHash};signing={signingHash};challenge={Convert.ToHexStringLower(challenge)}");
    }
}
