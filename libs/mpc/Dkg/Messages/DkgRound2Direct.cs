using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Proofs;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 2, to one counterpart j (confidential): the Shamir share f_i(j), the opening of the zero-sharing
/// seed contribution.
/// </summary>
public sealed class DkgRound2Direct : IDisposable
{
    public DkgRound2Direct(Scalar share, ReadOnlySpan<byte> seedContribution, ReadOnlySpan<byte> seedSalt)
    {
        if (seedContribution.Length != ZeroSharing.SeedLength || seedSalt.Length != Commitment.SaltLength)
        {
            throw new ArgumentException("seed contribution and salt are 32 bytes");
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

    public static DkgRound2Direct Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound2Direct(
            WireCodec.ReadScalar(reader),
            reader.ReadFixed(ZeroSharing.SeedLength),
            reader.ReadFixed(Commitment.SaltLength));
        reader.EnsureEnd();
        return message;
    }

    public void Dispose()
    {
        Share = Scalar.Zero;
        CryptographicOperations.ZeroMemory(SeedContribution);
    }
}
