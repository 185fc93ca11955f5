using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>DKG round 3, to one counterpart: the third base-OT flow (may be empty when the OT needs none).</summary>
public sealed class DkgRound3Direct
{
    public DkgRound3Direct(ReadOnlySpan<byte> baseOt)
    {
        BaseOt = baseOt.ToArray();
    }

    public byte[] BaseOt { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(BaseOt.Length + 4);
        writer.WriteBytes(BaseOt);
        return writer.ToArray();
    }

    public static DkgRound3Direct Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound3Direct(reader.ReadBytes());
        reader.EnsureEnd();
        return message;
    }
}
