using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Protocol;

public sealed class when_creating_party_ids
{
    [Fact]
    public void zero_and_out_of_range_values_are_refused()
    {
        Assert.False(PartyId.TryCreate(0, out _));
        Assert.False(PartyId.TryCreate(-1, out _));
        Assert.False(PartyId.TryCreate(65536, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartyId.Create(0));
        Assert.False(PartyId.TryRead([0, 0], out _));
        Assert.Throws<InvalidOperationException>(() => default(PartyId).ToScalar());
    }

    [Fact]
    public void an_id_round_trips_through_its_encoding_and_maps_to_its_scalar()
    {
        var id = PartyId.Create(258);
        var bytes = new byte[2];
        id.WriteBytes(bytes);
        Assert.Equal(new byte[] { 1, 2 }, bytes);
        Assert.True(PartyId.TryRead(bytes, out var read));
        Assert.Equal(id, read);
        Assert.Equal(Scalar.FromUInt64(258), id.ToScalar());
        Assert.Equal("P258", id.ToString());
    }
}
