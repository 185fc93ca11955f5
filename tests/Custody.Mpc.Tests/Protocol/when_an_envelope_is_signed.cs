using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Protocol;

/// <summary>Party identity keys and signed envelopes (Ed25519, RFC 8032).</summary>
public sealed class when_an_envelope_is_signed
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);

    [Fact]
    public void the_identity_key_matches_rfc_8032_test_1()
    {
        using var key = PartyIdentityKey.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Equal("D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A", Convert.ToHexString(key.PublicKey));
        Assert.Equal(
            "E5564300C360AC729086E2CC806E828A84877F1EB8E5D974D873E065224901555FB8821590A33BACC61E39701CF9B46BD25BF5F0595BBE24655141438E7A100B",
            Convert.ToHexString(key.Sign([])));
    }

    [Fact]
    public void a_signed_envelope_round_trips_and_verifies_only_under_its_senders_key()
    {
        using var sender = PartyIdentityKey.Generate();
        using var other = PartyIdentityKey.Generate();
        var envelope = new MpcEnvelope(new byte[32], MpcProtocol.Sign, 1, One, null, [1, 2, 3]);
        var parsed = SignedEnvelope.FromBytes(SignedEnvelope.Sign(envelope, sender).ToBytes());
        Assert.True(parsed.Verify(sender.PublicKey));
        Assert.False(parsed.Verify(other.PublicKey));
        Assert.Equal(envelope.ToBytes(), parsed.Envelope.ToBytes());
    }

    [Fact]
    public void a_changed_payload_or_round_or_recipient_breaks_the_signature()
    {
        using var sender = PartyIdentityKey.Generate();
        var bytes = SignedEnvelope.Sign(new MpcEnvelope(new byte[32], MpcProtocol.Sign, 1, One, Two, [1, 2, 3]), sender).ToBytes();
        for (var i = 4; i < bytes.Length - SignedEnvelope.SignatureLength; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x01;
            SignedEnvelope parsed;
            try
            {
                parsed = SignedEnvelope.FromBytes(changed);
            }
            catch (Exception ex) when (ex is Custody.Mpc.Wire.WireFormatException or ArgumentException or FormatException)
            {
                continue;
            }

            Assert.False(parsed.Verify(sender.PublicKey));
        }
    }

    [Fact]
    public void to_string_shows_no_secret()
    {
        var seed = new byte[32];
        seed[0] = 0xAB;
        using var key = PartyIdentityKey.FromSeed(seed);
        Assert.DoesNotContain(Convert.ToHexString(seed), key.ToString(), StringComparison.Ordinal);
    }
}
