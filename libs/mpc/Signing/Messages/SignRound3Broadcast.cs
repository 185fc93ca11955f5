using Custody.Mpc.Curve;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>Signing round 3 broadcast (Protocol 3.6 step 3): u_i and w_i; s = (sum w) / (sum u).</summary>
public sealed class SignRound3Broadcast(Scalar u, Scalar w)
{
    public Scalar U { get; } = u;

    public Scalar W { get; } = w;

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(64);
        WireCodec.WriteScalar(writer, U);
        WireCodec.WriteScalar(writer, W);
        return writer.ToArray();
    }

    public static SignRound3Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound3Broadcast(WireCodec.ReadScalar(reader), WireCodec.ReadScalar(reader));
        reader.EnsureEnd();
        return message;
    }
}
