using Custody.Mpc.Curve;
using Custody.Mpc.Signing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Presigning;

/// <summary>
/// The one message of the online round (Protocol 3.6 step 3 broadcast from a presignature): the presignature id and
/// message hash the sender finished (compared before anything is combined), u_i and w_i.
/// </summary>
public sealed class OnlineSignBroadcast
{
    public OnlineSignBroadcast(ReadOnlySpan<byte> presignatureId, ReadOnlySpan<byte> messageHash, Scalar u, Scalar w)
    {
        if (presignatureId.Length != PresignatureShare.IdLength || messageHash.Length != ThresholdSigning.MessageHashLength)
        {
            throw new ArgumentException("the presignature id and the message hash are 32 bytes each");
        }

        PresignatureId = presignatureId.ToArray();
        MessageHash = messageHash.ToArray();
        U = u;
        W = w;
    }

    public byte[] PresignatureId { get; }

    public byte[] MessageHash { get; }

    public Scalar U { get; }

    public Scalar W { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(128);
        writer.WriteFixed(PresignatureId);
        writer.WriteFixed(MessageHash);
        WireCodec.WriteScalar(writer, U);
        WireCodec.WriteScalar(writer, W);
        return writer.ToArray();
    }

    public static OnlineSignBroadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new OnlineSignBroadcast(
            reader.ReadFixed(PresignatureShare.IdLength),
            reader.ReadFixed(ThresholdSigning.MessageHashLength),
            WireCodec.ReadScalar(reader),
            WireCodec.ReadScalar(reader));
        reader.EnsureEnd();
        return message;
    }
}
