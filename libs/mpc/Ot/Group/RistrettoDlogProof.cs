using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Ot.Group;

/// <summary>
/// Schnorr proof of knowledge of s with Z = s*B in ristretto255, non-interactive (Fiat-Shamir) over a
/// transcript the caller has bound to the session and parties: T = k*B, e = H(transcript, Z, T) reduced
/// mod L from 64 bytes, response u = k + e*s; the verifier checks u*B == T + e*Z. The base-OT sender
/// proves knowledge of its key once per batch, so a corrupted sender's outputs are extractable (Zhou et
/// al., eprint 2022/1525). Encoding: T (32) || u (32, canonical).
/// </summary>
internal static class RistrettoDlogProof
{
    public const int EncodedLength = Ristretto255.PointLength + Ristretto255.ScalarLength;

    public static void Prove(Transcript transcript, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicPoint, MpcRandom rng, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (destination.Length < EncodedLength)
        {
            throw new ArgumentException("Need 64 bytes.", nameof(destination));
        }
        Span<byte> nonce = stackalloc byte[Ristretto255.ScalarLength];
        Span<byte> challenge = stackalloc byte[Ristretto255.ScalarLength];
        try
        {
            Ristretto255.RandomScalar(rng, nonce);
            var commitment = destination[..Ristretto255.PointLength];
            Ristretto255.MulBase(nonce, commitment);
            Challenge(transcript, publicPoint, commitment, challenge);
            Ristretto255.ScalarMultiplyAdd(nonce, challenge, secret, destination[Ristretto255.PointLength..EncodedLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nonce);
        }
    }

    /// <summary>True when the encoding is well formed (valid T, canonical u) and u*B == T + e*Z.</summary>
    public static bool Verify(Transcript transcript, ReadOnlySpan<byte> publicPoint, ReadOnlySpan<byte> proof)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (proof.Length != EncodedLength || !Ristretto255.IsValidElement(publicPoint))
        {
            return false;
        }
        var commitment = proof[..Ristretto255.PointLength];
        var response = proof[Ristretto255.PointLength..];
        if (!Ristretto255.IsValidElement(commitment) || !Ristretto255.IsCanonicalScalar(response) || response.SequenceEqual(new byte[Ristretto255.ScalarLength]))
        {
            return false;
        }
        Span<byte> challenge = stackalloc byte[Ristretto255.ScalarLength];
        Challenge(transcript, publicPoint, commitment, challenge);
        Span<byte> left = stackalloc byte[Ristretto255.PointLength];
        Span<byte> eZ = stackalloc byte[Ristretto255.PointLength];
        Span<byte> right = stackalloc byte[Ristretto255.PointLength];
        Ristretto255.MulBase(response, left);
        return Ristretto255.TryMul(challenge, publicPoint, eZ)
            && Ristretto255.TryAdd(commitment, eZ, right)
            && CryptographicOperations.FixedTimeEquals(left, right);
    }

    private static void Challenge(Transcript transcript, ReadOnlySpan<byte> publicPoint, ReadOnlySpan<byte> commitment, Span<byte> challenge)
    {
        var t = transcript.Fork();
        t.Append("dlog-statement", publicPoint);
        t.Append("dlog-commitment", commitment);
        Span<byte> wide = stackalloc byte[Ristretto255.HashLength];
        t.ChallengeBytes("dlog-challenge", wide);
        Ristretto255.ReduceWide(wide, challenge);
    }
}
