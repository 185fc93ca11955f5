using Custody.Keys.Sealing;

namespace Custody.Keys.Tests.Sealing;

public sealed class when_a_sealing_context_is_created
{
    [Theory]
    [InlineData("", "signer", 1u)]
    [InlineData("wallet-1", "", 1u)]
    [InlineData("wallet 1", "signer", 1u)]
    [InlineData("wallet-1", "sig\nner", 1u)]
    [InlineData("wallet-1", "signer", 0u)]
    public void invalid_input_is_refused(string wallet, string party, uint version)
    {
        Assert.False(SealingContext.TryCreate(wallet, party, version, out _, out var error));
        Assert.NotEmpty(error);
        Assert.Throws<ArgumentException>(() => SealingContext.Create(wallet, party, version));
    }

    [Fact]
    public void an_id_longer_than_128_bytes_is_refused()
    {
        Assert.False(SealingContext.TryCreate(new string('w', 129), "signer", 1, out _, out _));
        Assert.True(SealingContext.TryCreate(new string('w', 128), "signer", 1, out _, out _));
    }

    [Fact]
    public void a_default_context_cannot_be_used_for_sealing()
    {
        Assert.Throws<InvalidOperationException>(() => SealingAssociatedData.ForDataKey(default));
    }
}

public sealed class when_associated_data_is_encoded
{
    [Fact]
    public void moving_characters_between_fields_changes_the_encoding()
    {
        var a = SealingAssociatedData.ForDataKey(SealingContext.Create("ab", "c", 1));
        var b = SealingAssociatedData.ForDataKey(SealingContext.Create("a", "bc", 1));

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void the_encoding_is_length_prefixed_with_the_domain_tag_first()
    {
        var encoded = SealingAssociatedData.ForDataKey(SealingContext.Create("w", "p", 258));

        byte[] expected =
        [
            0, 24, .. "custody/keys/v1/data-key"u8,
            0, 1, (byte)'w',
            0, 1, (byte)'p',
            0, 0, 1, 2,
        ];
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void the_share_and_data_key_encodings_differ_by_domain()
    {
        var context = SealingContext.Create("wallet-1", "signer", 1);

        Assert.False(SealingAssociatedData.ForShare(context, KeyEncryptionProviderId.DevFile, "ref").AsSpan()
            .StartsWith(SealingAssociatedData.ForDataKey(context)));
        Assert.NotEqual(
            SealingAssociatedData.ForShare(context, KeyEncryptionProviderId.DevFile, "ref"),
            SealingAssociatedData.ForShare(context, KeyEncryptionProviderId.Pkcs11, "ref"));
        Assert.NotEqual(
            SealingAssociatedData.ForShare(context, KeyEncryptionProviderId.DevFile, "ref-1"),
            SealingAssociatedData.ForShare(context, KeyEncryptionProviderId.DevFile, "ref-2"));
    }
}
