using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>Signing round 1, to counterpart j (Protocol 3.6 step 1): the RVOLE receiver's first message for input chi_ij.</summary>
public sealed class SignRound1Direct
{
    public SignRound1Direct(ReadOnlySpan<byte> multiplicationRequest)
    {
        MultiplicationRequest = multiplicationRequest.ToArray();
    }

    public byte[] MultiplicationRequest { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(MultiplicationRequest.Length + 4);
        writer.WriteBytes(MultiplicationRequest);
        return writer.ToArray();
    }

    public static SignRound1Direct Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound1Direct(reader.ReadBytes());
        reader.EnsureEnd();
        return message;
    }
}
