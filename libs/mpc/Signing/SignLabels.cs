using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing;

/// <summary>Labels and derived identifiers of the signing protocol.</summary>
internal static class SignLabels
{
    public const string InstanceKey = "sign/instance-key";

    /// <summary>Session id of one RVOLE instance: the signing session and the ordered pair (sender, receiver).</summary>
    public static byte[] MultiplicationSession(ReadOnlySpan<byte> sessionId, PartyId sender, PartyId receiver)
    {
        using var writer = new WireWriter(96);
        writer.WriteBytes("custody/mpc/sign/rvole/v1"u8);
        writer.WriteBytes(sessionId);
        WireCodec.WritePartyId(writer, sender);
        WireCodec.WritePartyId(writer, receiver);
        return writer.Sha256();
    }
}
