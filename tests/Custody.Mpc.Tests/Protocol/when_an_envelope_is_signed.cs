using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Protocol;

/// <summary>Party identity keys and signed envelopes (Ed25519, RFC 8032).</summary>
public sealed class when_an_envelope_is_signed
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly byte[] Agreed = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly byte[] OtherAgreed = Enumerable.Repeat((byte)8, 32).ToArray();

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
        var envelope = new MpcEnvelope(new byte[32], Agreed, MpcProtocol.Sign, 1, One, null, [1, 2, 3], []);
        var parsed = MpcEnvelope.FromBytes(envelope.Sign(sender).ToBytes());
        Assert.True(parsed.IsSigned);
        Assert.True(parsed.HasValidSignature(sender.PublicKey));
        Assert.False(parsed.HasValidSignature(other.PublicKey));
        Assert.False(envelope.HasValidSignature(sender.PublicKey));
        Assert.Equal(envelope.Payload.ToArray(), parsed.Payload.ToArray());
    }

    [Fact]
    public void a_change_to_any_signed_field_breaks_the_signature()
    {
        using var sender = PartyIdentityKey.Generate();
        var bytes = new MpcEnvelope(new byte[32], Agreed, MpcProtocol.Sign, 1, One, Two, [1, 2, 3], []).Sign(sender).ToBytes();
        var checkedFields = 0;
        for (var i = 1; i < bytes.Length - SignedStatement.SignatureLength; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x01;
            MpcEnvelope parsed;
            try
            {
                parsed = MpcEnvelope.FromBytes(changed);
            }
            catch (Exception ex) when (ex is Custody.Mpc.Wire.WireFormatException or ArgumentException)
            {
                continue;
            }

            checkedFields++;
            Assert.False(parsed.HasValidSignature(sender.PublicKey), $"byte {i} changed and the signature still verifies");
        }

        Assert.True(checkedFields > 60);
    }

    [Fact]
    public void a_statement_bound_to_the_label_alone_is_not_agreed()
    {
        var label = new byte[32];
        Assert.False(new MpcEnvelope(label, MpcProtocol.Sign, 0, One, null, [1]).Statement().IsAgreed);
        Assert.True(new MpcEnvelope(label, Agreed, MpcProtocol.Sign, 1, One, null, [1], []).Statement().IsAgreed);
    }

    [Fact]
    public void equivocation_evidence_verifies_only_for_two_different_agreed_statements_of_the_same_slot()
    {
        using var sender = PartyIdentityKey.Generate();
        using var other = PartyIdentityKey.Generate();
        SignedStatement Signed(byte[] binding, byte round, byte payload) =>
            new MpcEnvelope(new byte[32], binding, MpcProtocol.Sign, round, One, null, [payload], []).Sign(sender).Statement();

        Assert.True(new EquivocationEvidence(Signed(Agreed, 1, 1), Signed(Agreed, 1, 2)).Verify(sender.PublicKey));
        Assert.False(new EquivocationEvidence(Signed(Agreed, 1, 1), Signed(Agreed, 1, 2)).Verify(other.PublicKey));
        Assert.False(new EquivocationEvidence(Signed(Agreed, 1, 1), Signed(Agreed, 1, 1)).Verify(sender.PublicKey));
        Assert.False(new EquivocationEvidence(Signed(Agreed, 1, 1), Signed(Agreed, 2, 2)).Verify(sender.PublicKey));
        Assert.False(new EquivocationEvidence(Signed(Agreed, 1, 1), Signed(OtherAgreed, 1, 2)).Verify(sender.PublicKey));

        // Two round-0 messages under one label are what an honest retry signs: never evidence.
        var label = new byte[32];
        Assert.False(new EquivocationEvidence(Signed(label, 0, 1), Signed(label, 0, 2)).Verify(sender.PublicKey));
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
