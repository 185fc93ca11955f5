using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>
/// Signing round 0 broadcast (session agreement): this party's fresh 32-byte contribution to
/// the session id, and the digest of the request as this party was given it (key id, key epoch, signer set,
/// message hash, caller's label).
/// </summary>
public sealed class SignRound0Broadcast
{
    public const int ContributionLength = 32;

    public const int RequestDigestLength = 32;

    public SignRound0Broadcast(ReadOnlySpan<byte> contribution, ReadOnlySpan<byte> requestDigest)
    {
        if (contribution.Length != ContributionLength || requestDigest.Length != RequestDigestLength)
        {
            throw new ArgumentException("contribution and request digest are 32 bytes each");
        }

        Contribution = contribution.ToArray();
        RequestDigest = requestDigest.ToArray();
    }

    public byte[] Contribution { get; }

    public byte[] RequestDigest { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(ContributionLength + RequestDigestLength);
        writer.WriteFixed(Contribution);
        writer.WriteFixed(RequestDigest);
        return writer.ToArray();
    }

    public static SignRound0Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound0Broadcast(reader.ReadFixed(ContributionLength), reader.ReadFixed(RequestDigestLength));
        reader.EnsureEnd();
        return message;
    }
}
