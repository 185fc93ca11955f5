using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Tests.Protocol;

/// <summary>The envelope's wire form: exact round trip, strict parsing.</summary>
public sealed class when_an_envelope_crosses_the_wire
{
    private static readonly byte[] Session = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void a_direct_and_a_broadcast_envelope_round_trip()
    {
        var direct = new MpcEnvelope(Session, MpcProtocol.Sign, 2, PartyId.Create(3), PartyId.Create(1), [1, 2, 3]);
        var parsed = MpcEnvelope.FromBytes(direct.ToBytes());
        Assert.Equal(direct.ToBytes(), parsed.ToBytes());
        Assert.Equal(PartyId.Create(1), parsed.To);

        var broadcast = new MpcEnvelope(Session, MpcProtocol.Dkg, 1, PartyId.Create(2), null, []);
        Assert.True(MpcEnvelope.FromBytes(broadcast.ToBytes()).IsBroadcast);
    }

    [Fact]
    public void trailing_bytes_an_unknown_protocol_and_a_short_session_id_are_rejected()
    {
        var bytes = new MpcEnvelope(Session, MpcProtocol.Sign, 1, PartyId.Create(1), null, [9]).ToBytes();
        Assert.Throws<WireFormatException>(() => MpcEnvelope.FromBytes((byte[])[.. bytes, 0]));

        var unknownProtocol = bytes.ToArray();
        unknownProtocol[1 + 4 + Session.Length] = 0x7F;
        Assert.Throws<WireFormatException>(() => MpcEnvelope.FromBytes(unknownProtocol));

        Assert.Throws<ArgumentException>(() => new MpcEnvelope(new byte[8], MpcProtocol.Sign, 1, PartyId.Create(1), null, []));
    }

    [Fact]
    public void a_party_cannot_address_itself() =>
        Assert.Throws<ArgumentException>(() => new MpcEnvelope(Session, MpcProtocol.Sign, 1, PartyId.Create(1), PartyId.Create(1), []));
}
