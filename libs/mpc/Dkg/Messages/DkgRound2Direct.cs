using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Proofs;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 2, to one counterpart j (confidential): the Shamir share f_i(j), the opening of the zero-sharing
/// seed contribution (absent, zero-length, from a dealer that is not paired with j: in a resharing, one that leaves).
/// </summary>
public sealed class DkgRound2Direct : IDisposable
{
    public DkgRound2Direct(Scalar share, ReadOnlySpan<byte> seedContribution, ReadOnlySpan<byte> seedSalt)
    {
        var withSeed = seedContribution.Length == ZeroSharing.SeedLength && seedSalt.Length == Commitment.SaltLength;
        if (!withSeed && (seedContribution.Length != 0 || seedSalt.Length != 0))
        {
            throw new ArgumentException("seed contribution and salt are 32 bytes (or both absent)");
        }

        Share = share;
        SeedContribution = seedContribution.ToArray();
        SeedSalt = seedSalt.ToArray();
    }

    public Scalar Share { get; private set; }

    public byte[] SeedContribution { get; }

    public byte[] SeedSalt { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(128);
        WireCodec.WriteScalar(writer, Share);
        writer.WriteFixed(SeedContribution);
        writer.WriteFixed(SeedSalt);
        return writer.ToArray();
    }

    /// <summary>Parses a message with a seed opening (the DKG's and a refresh's).</summary>
    public static DkgRound2Direct Parse(ReadOnlySpan<byte> payload) => Parse(payload, withSeed: true);

    internal static DkgRound2Direct Parse(ReadOnlySpan<byte> payload, bool withSeed)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound2Direct(
            WireCodec.ReadScalar(reader),
            reader.ReadFixed(withSeed ? ZeroSharing.SeedLength : 0),
            reader.ReadFixed(withSeed ? Commitment.SaltLength : 0));
        reader.EnsureEnd();
        return message;
    }

    public void Dispose()
    {
        Share = Scalar.Zero;
        CryptographicOperations.ZeroMemory(SeedContribution);
    }
}
