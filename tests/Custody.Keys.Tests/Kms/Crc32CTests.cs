using System.Security.Cryptography;
using Custody.Keys.Kms;

namespace Custody.Keys.Tests.Kms;

public sealed class when_computing_crc32c
{
    [Fact]
    public void the_check_value_of_123456789_is_E3069283()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void the_empty_input_gives_zero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void every_length_matches_a_bitwise_reference()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.Equal(BitwiseReference(data.AsSpan(0, length)), Crc32C.Compute(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void the_kms_form_is_the_unsigned_value()
    {
        Assert.Equal(0xE3069283L, Crc32C.ComputeForKms("123456789"u8));
    }

    // RFC 3720 appendix B.4: reflected Castagnoli polynomial 0x82F63B78, one bit at a time.
    private static uint BitwiseReference(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}

public sealed class when_kms_options_are_validated
{
    [Theory]
    [InlineData("")]
    [InlineData("projects/custody-test/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1")]
    [InlineData("projects/custody-test/locations/global/keyRings/r")]
    [InlineData("projects/P/locations/global/keyRings/r/cryptoKeys/k")]
    public void a_bad_key_name_is_refused(string keyName)
    {
        Assert.NotEmpty(new KmsKeyEncryptionOptions { KeyName = keyName }.Validate());
    }

    [Fact]
    public void a_crypto_key_name_is_accepted()
    {
        Assert.Empty(new KmsKeyEncryptionOptions { KeyName = FakeKmsFixture.KeyName }.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void an_attempt_count_out_of_range_is_refused(int attempts)
    {
        Assert.NotEmpty(new KmsKeyEncryptionOptions { KeyName = FakeKmsFixture.KeyName, MaxIntegrityAttempts = attempts }.Validate());
    }
}
