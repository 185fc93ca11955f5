using Custody.Keys.Sealing;

namespace Custody.Keys.Tests.Sealing;

public sealed class when_a_sealed_blob_is_parsed
{
    private static readonly WrappedDataKey Wrapped = new(KeyEncryptionProviderId.DevFile, "dev-file:abc", new byte[] { 1, 2, 3 });

    private static byte[] ValidBlob() =>
        SealedBlob.Create(Wrapped, new byte[12], new byte[] { 7, 7, 7, 7 }, new byte[16]).ToBytes();

    [Fact]
    public void a_valid_blob_round_trips_field_by_field()
    {
        var blob = SealedBlob.Parse(ValidBlob());

        Assert.Equal(KeyEncryptionProviderId.DevFile, blob.WrappedKey.ProviderId);
        Assert.Equal("dev-file:abc", blob.WrappedKey.KeyReference);
        Assert.Equal([1, 2, 3], blob.WrappedKey.Ciphertext.ToArray());
        Assert.Equal([7, 7, 7, 7], blob.Ciphertext.ToArray());
        Assert.Equal(ValidBlob(), blob.ToBytes());
    }

    [Fact]
    public void the_layout_is_the_documented_one()
    {
        var bytes = ValidBlob();

        byte[] expected =
        [
            .. "CSKS"u8, 1, 3,
            0, 12, .. "dev-file:abc"u8,
            0, 3, 1, 2, 3,
            .. new byte[12],
            0, 0, 0, 4, 7, 7, 7, 7,
            .. new byte[16],
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void a_truncated_blob_is_malformed()
    {
        var bytes = ValidBlob();
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<KeySealingException>(() => SealedBlob.Parse(bytes.AsSpan(0, length)));
            Assert.Equal(KeySealingError.MalformedBlob, error.Error);
        }
    }

    [Fact]
    public void trailing_bytes_are_malformed()
    {
        var error = Assert.Throws<KeySealingException>(() => SealedBlob.Parse([.. ValidBlob(), 0]));

        Assert.Equal(KeySealingError.MalformedBlob, error.Error);
    }

    [Fact]
    public void another_magic_is_malformed()
    {
        var bytes = ValidBlob();
        bytes[0] ^= 1;

        Assert.Equal(KeySealingError.MalformedBlob, Assert.Throws<KeySealingException>(() => SealedBlob.Parse(bytes)).Error);
    }

    [Fact]
    public void another_format_version_is_unsupported()
    {
        var bytes = ValidBlob();
        bytes[4] = 2;

        Assert.Equal(KeySealingError.UnsupportedFormatVersion, Assert.Throws<KeySealingException>(() => SealedBlob.Parse(bytes)).Error);
    }

    [Fact]
    public void an_unknown_provider_is_malformed()
    {
        var bytes = ValidBlob();
        bytes[5] = 99;

        Assert.Equal(KeySealingError.MalformedBlob, Assert.Throws<KeySealingException>(() => SealedBlob.Parse(bytes)).Error);
    }

    [Fact]
    public void an_oversized_ciphertext_length_is_malformed_without_allocating()
    {
        var bytes = ValidBlob();
        var lengthOffset = 4 + 2 + 2 + 12 + 2 + 3 + 12;
        bytes[lengthOffset] = 0x7F;

        Assert.Equal(KeySealingError.MalformedBlob, Assert.Throws<KeySealingException>(() => SealedBlob.Parse(bytes)).Error);
    }
}
