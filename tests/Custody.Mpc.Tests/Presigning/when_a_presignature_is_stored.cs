using Custody.Mpc.Curve;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Tests.Presigning;

/// <summary>The presignature codec: round trip, and every malformed record refused; the share never prints its secrets.</summary>
public sealed class when_a_presignature_is_stored(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId[] Signers = [PartyId.Create(1), PartyId.Create(2)];

    [Fact]
    public async Task a_share_round_trips_and_malformed_bytes_are_refused()
    {
        var bytes = await OneShareBytesAsync();
        using var share = PresignatureCodec.DeserializeShare(bytes);

        Assert.Equal(bytes, PresignatureCodec.Serialize(share));
        Assert.Equal(PresignCluster.Wallet, share.WalletId);
        Assert.Equal(Signers, share.Parties);
        Assert.DoesNotContain(Convert.ToHexStringLower(share.Values.InversionMask.ToBytes()), share.ToString());

        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeShare([.. bytes, 0]));
        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeShare(bytes[..^1]));
        var otherVersion = bytes.ToArray();
        otherVersion[4] = 2;
        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeShare(otherVersion));
        var otherKind = bytes.ToArray();
        otherKind[3] = (byte)'C';
        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeShare(otherKind));
        var zeroPhi = bytes.ToArray();
        zeroPhi.AsSpan(zeroPhi.Length - 32).Clear();
        Assert.Throws<ArgumentException>(() => PresignatureCodec.DeserializeShare(zeroPhi));
    }

    [Fact]
    public async Task a_consumed_record_round_trips_and_is_not_a_share()
    {
        using var shares = new ShareSet(keys.Fresh());
        var bytes = await OneShareBytesAsync();
        using var share = PresignatureCodec.DeserializeShare(bytes);
        var request = new PresignatureRequest(PresignCluster.Wallet, share.Id, shares.Shares[Signers[0]], Signers, Cluster.MessageHash());
        var consumed = PresignatureConsumption.Finish(share, request);

        var encoded = PresignatureCodec.Serialize(consumed);
        var decoded = PresignatureCodec.DeserializeConsumed(encoded);

        Assert.Equal(encoded, PresignatureCodec.Serialize(decoded));
        Assert.Equal(consumed.W, decoded.W);
        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeShare(encoded));
        Assert.Throws<WireFormatException>(() => PresignatureCodec.DeserializeConsumed(bytes));
    }

    private async Task<byte[]> OneShareBytesAsync()
    {
        using var shares = new ShareSet(keys.Fresh());
        var stores = PresignCluster.InMemoryStores(Signers);
        var capture = new CapturingStore();
        stores[Signers[0]] = capture;
        await PresignCluster.PresignAsync(shares.Shares, Signers, stores, MpcRandom.Seeded(51));
        return capture.Bytes!;
    }

    private sealed class CapturingStore : IPresignatureStore
    {
        public byte[]? Bytes { get; private set; }

        public ValueTask AddAsync(PresignatureShare share, CancellationToken cancellationToken)
        {
            Bytes = PresignatureCodec.Serialize(share);
            return ValueTask.CompletedTask;
        }

        public ValueTask<ConsumedPresignature> ConsumeAsync(PresignatureRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<byte[]>> AvailableAsync(string walletId, IReadOnlyList<PartyId> parties, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
