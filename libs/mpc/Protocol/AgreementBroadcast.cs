using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Round-0 broadcast of the session agreement (<see cref="SessionAgreement"/>), in signing and in the DKG: this
/// party's fresh 32-byte contribution to the session id, and the digest of the request as this party was given it.
/// </summary>
public sealed class AgreementBroadcast
{
    public const int ContributionLength = 32;

    public const int RequestDigestLength = 32;

    public AgreementBroadcast(ReadOnlySpan<byte> contribution, ReadOnlySpan<byte> requestDigest)
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

    public static AgreementBroadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new AgreementBroadcast(reader.ReadFixed(ContributionLength), reader.ReadFixed(RequestDigestLength));
        reader.EnsureEnd();
        return message;
    }
}
