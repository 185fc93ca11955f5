using System.Security.Cryptography;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Proofs;

/// <summary>
/// Hash commitment bound to the session (F_Com of DKLs23, realised as in their Section 3 by a random-oracle
/// hash): C = SHA-256(tag || sid || committer || label || value || salt) with every variable-length field length
/// prefixed and a fresh 32-byte salt. Hiding by the salt, binding by collision resistance; the session id and
/// the committer's id stop a commitment being replayed into another session or by another party.
/// </summary>
public static class Commitment
{
    public const int Length = 32;

    public const int SaltLength = 32;

    private static readonly byte[] DomainTag = "custody/mpc/commit/v1"u8.ToArray();

    /// <summary>Commits to <paramref name="value"/>; the salt is drawn from <paramref name="random"/> and must be kept for the opening.</summary>
    public static byte[] Commit(SessionContext context, string label, ReadOnlySpan<byte> value, out byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(context);
        salt = new byte[SaltLength];
        context.Random.Fill(salt);
        return Compute(context.SessionId, context.Self, label, value, salt);
    }

    /// <summary>Whether (value, salt) opens <paramref name="commitment"/> made by <paramref name="committer"/> in this session.</summary>
    public static bool Verify(ReadOnlySpan<byte> sessionId, PartyId committer, string label, ReadOnlySpan<byte> value, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> commitment)
    {
        if (salt.Length != SaltLength || commitment.Length != Length)
        {
            return false;
        }

        var expected = Compute(sessionId, committer, label, value, salt);
        return CryptographicOperations.FixedTimeEquals(expected, commitment);
    }

    private static byte[] Compute(ReadOnlySpan<byte> sessionId, PartyId committer, string label, ReadOnlySpan<byte> value, ReadOnlySpan<byte> salt)
    {
        using var writer = new WireWriter(value.Length + 128);
        writer.WriteBytes(DomainTag);
        writer.WriteBytes(sessionId);
        WireCodec.WritePartyId(writer, committer);
        writer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(label));
        writer.WriteBytes(value);
        writer.WriteFixed(salt);
        return writer.Sha256();
    }
}
