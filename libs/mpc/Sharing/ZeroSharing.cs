using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Sharing;

/// <summary>
/// Non-interactive sharing of zero from pairwise seeds (DKLs23 Section 3, Functionality 3.4 "F_Zero", realised
/// as in their Protocol 3.5 by pairwise seeds and a PRF). Parties i and j share a 32-byte seed s_ij agreed at DKG
/// by commit-reveal. For a signing set S and session id sid, party i's share is
/// zeta_i = sum_{j in S, j != i} sign(i, j) * PRF(s_ij, sid, S), sign = +1 if i &lt; j else -1,
/// so the shares of S sum to zero and each looks uniform to any coalition missing one seed of the pair.
/// </summary>
public static class ZeroSharing
{
    public const int SeedLength = 32;

    private static readonly byte[] SeedTag = "custody/mpc/zero-seed/v1"u8.ToArray();
    private static readonly byte[] ShareTag = "custody/mpc/zero-share/v1"u8.ToArray();

    /// <summary>The pairwise seed from both parties' revealed contributions, ordered by party id so both sides agree.</summary>
    public static byte[] CombineSeed(ReadOnlySpan<byte> dkgSessionId, PartyId a, ReadOnlySpan<byte> contributionA, PartyId b, ReadOnlySpan<byte> contributionB)
    {
        if (a == b || contributionA.Length != SeedLength || contributionB.Length != SeedLength)
        {
            throw new ArgumentException("two distinct parties with 32-byte contributions are required");
        }

        using var writer = new WireWriter(128);
        writer.WriteBytes(SeedTag);
        writer.WriteBytes(dkgSessionId);
        if (a < b)
        {
            WriteContribution(writer, a, contributionA);
            WriteContribution(writer, b, contributionB);
        }
        else
        {
            WriteContribution(writer, b, contributionB);
            WriteContribution(writer, a, contributionA);
        }

        return writer.Sha256();
    }

    private static void WriteContribution(WireWriter writer, PartyId party, ReadOnlySpan<byte> contribution)
    {
        WireCodec.WritePartyId(writer, party);
        writer.WriteFixed(contribution);
    }

    /// <summary>This party's zero share for one session of the signing set (see the class summary).</summary>
    public static Scalar Share(PartyId self, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> sessionId, Func<PartyId, byte[]> seedWith)
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(seedWith);
        var share = Scalar.Zero;
        foreach (var other in signers)
        {
            if (other == self)
            {
                continue;
            }

            var seed = seedWith(other);
            using var writer = new WireWriter(128);
            writer.WriteFixed(seed);
            writer.WriteBytes(sessionId);
            WireCodec.WritePartySet(writer, signers);
            var input = writer.ToArray();
            var term = Scalar.HashToScalar(ShareTag, input);
            CryptographicOperations.ZeroMemory(input);
            share = self < other ? share + term : share - term;
        }

        return share;
    }
}
