using Custody.Parties.Crypto;

namespace Custody.Parties.Tests;

/// <summary>Sealing one protocol message to its recipient (X25519, BLAKE2b, XChaCha20-Poly1305).</summary>
public sealed class when_a_message_is_sealed
{
    private static readonly byte[] Header = "session 7, round 2, from 2 to 3"u8.ToArray();

    [Fact]
    public void only_the_recipient_opens_it_and_only_as_coming_from_its_sender()
    {
        using var sender = PartyEncryptionKey.Generate();
        using var recipient = PartyEncryptionKey.Generate();
        using var other = PartyEncryptionKey.Generate();
        var box = MessageSeal.Seal("a Shamir share"u8, Header, sender, recipient.PublicKey);
        Assert.Equal("a Shamir share"u8.ToArray(), MessageSeal.Open(box, Header, recipient, sender.PublicKey));
        Assert.Null(MessageSeal.Open(box, Header, other, sender.PublicKey));
        Assert.Null(MessageSeal.Open(box, Header, recipient, other.PublicKey));
    }

    [Fact]
    public void any_changed_byte_or_other_associated_data_keeps_it_shut()
    {
        using var sender = PartyEncryptionKey.Generate();
        using var recipient = PartyEncryptionKey.Generate();
        var box = MessageSeal.Seal([1, 2, 3, 4], Header, sender, recipient.PublicKey);
        for (var i = 0; i < box.Length; i++)
        {
            var changed = box.ToArray();
            changed[i] ^= 0x01;
            Assert.Null(MessageSeal.Open(changed, Header, recipient, sender.PublicKey));
        }

        Assert.Null(MessageSeal.Open(box, "session 7, round 3, from 2 to 3"u8, recipient, sender.PublicKey));
        Assert.Null(MessageSeal.Open(box[..^1], Header, recipient, sender.PublicKey));
        Assert.Null(MessageSeal.Open([], Header, recipient, sender.PublicKey));
    }

    [Fact]
    public void a_recipient_key_of_low_order_is_refused()
    {
        using var sender = PartyEncryptionKey.Generate();
        Assert.Throws<ArgumentException>(() => MessageSeal.Seal([1], Header, sender, new byte[32]));
    }

    [Fact]
    public void two_seals_of_one_message_differ_and_to_string_shows_no_secret()
    {
        var seed = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        using var sender = PartyEncryptionKey.FromSeed(seed);
        using var recipient = PartyEncryptionKey.Generate();
        Assert.NotEqual(MessageSeal.Seal([1], Header, sender, recipient.PublicKey), MessageSeal.Seal([1], Header, sender, recipient.PublicKey));
        Assert.DoesNotContain(Convert.ToHexString(seed), sender.ToString(), StringComparison.Ordinal);
    }
}
