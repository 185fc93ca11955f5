using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Tests.Keys;

/// <summary>The versioned key-share format: round trip, validation on load, forward-compatible sections.</summary>
public sealed class when_a_key_share_is_stored(SharedKeys keys) : IClassFixture<SharedKeys>
{
    [Fact]
    public void it_round_trips_to_identical_bytes()
    {
        var shares = keys.Fresh();
        foreach (var share in shares.Values)
        {
            var bytes = KeyShareCodec.Serialize(share);
            using var copy = KeyShareCodec.Deserialize(bytes);
            Assert.Equal(bytes, KeyShareCodec.Serialize(copy));
            Assert.Equal(KeyShareCodec.FormatVersion, bytes[4]);
            share.Dispose();
        }
    }

    [Fact]
    public void a_secret_share_that_does_not_match_the_public_share_is_rejected()
    {
        using var share = keys.Fresh()[PartyId.Create(1)];
        var bytes = KeyShareCodec.Serialize(share);

        // Secret section: magic 4 + version 1 + identity (tag 2 + len 4 + body), then tag 2 + len 4 + 32 bytes.
        var identityLength = (bytes[7] << 24) | (bytes[8] << 16) | (bytes[9] << 8) | bytes[10];
        var secretAt = 5 + 6 + identityLength + 6;
        bytes[secretAt + 31] ^= 0x01;
        var error = Assert.Throws<WireFormatException>(() => KeyShareCodec.Deserialize(bytes));
        Assert.Contains("public share", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_version_and_an_unknown_required_section_are_rejected_but_optional_sections_are_skipped()
    {
        using var share = keys.Fresh()[PartyId.Create(2)];
        var bytes = KeyShareCodec.Serialize(share);
        var newer = bytes.ToArray();
        newer[4] = 2;
        Assert.Throws<WireFormatException>(() => KeyShareCodec.Deserialize(newer));

        byte[] required = [.. bytes, 0x00, 0x06, 0, 0, 0, 1, 0xAA];
        Assert.Throws<WireFormatException>(() => KeyShareCodec.Deserialize(required));

        byte[] optional = [.. bytes, 0x80, 0x01, 0, 0, 0, 1, 0xAA];
        using var loaded = KeyShareCodec.Deserialize(optional);
        Assert.Equal(share.PublicKey, loaded.PublicKey);
    }

    [Fact]
    public void truncated_bytes_are_rejected()
    {
        using var share = keys.Fresh()[PartyId.Create(3)];
        var bytes = KeyShareCodec.Serialize(share);
        Assert.Throws<WireFormatException>(() => KeyShareCodec.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void to_string_shows_no_secret()
    {
        using var share = keys.Fresh()[PartyId.Create(1)];
        Assert.Equal("KeyShare(P1, 2-of-3, epoch 0)", share.ToString());
        Assert.Equal("Scalar(***)", share.SecretShare.ToString());
    }
}
