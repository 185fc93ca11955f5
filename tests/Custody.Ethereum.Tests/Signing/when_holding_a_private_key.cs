using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Tests.Signing;

public sealed class when_holding_a_private_key
{
    private const string SecretHex = "4646464646464646464646464646464646464646464646464646464646464646";

    [Fact]
    public void to_string_never_contains_the_secret()
    {
        using var key = PrivateKey.Create(Convert.FromHexString(SecretHex));
        var text = key.ToString();
        Assert.DoesNotContain("4646464646", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
    }

    [Fact]
    public void a_disposed_key_refuses_to_sign_or_export()
    {
        var key = PrivateKey.Create(Convert.FromHexString(SecretHex));
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.CopyTo(new byte[32]));
    }

    [Fact]
    public void dispose_wipes_the_secret_buffer()
    {
        var key = PrivateKey.Create(Convert.FromHexString(SecretHex));
        var field = typeof(PrivateKey).GetField("_secret", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = (byte[])field.GetValue(key)!;
        Assert.Contains(buffer, b => b != 0);
        key.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("01")]
    public void out_of_range_or_short_scalars_are_refused(string hex)
    {
        Assert.False(PrivateKey.TryCreate(Convert.FromHexString(hex), out _));
        var error = Assert.Throws<EthereumFormatException>(() => PrivateKey.Create(Convert.FromHexString(hex)));
        Assert.DoesNotContain(hex, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void signing_is_deterministic_per_rfc6979()
    {
        using var key = PrivateKey.Create(Convert.FromHexString(SecretHex));
        var hash = Keccak256.Hash("same message"u8);
        Assert.Equal(key.Sign(hash), key.Sign(hash));
    }

    [Fact]
    public void generated_keys_are_distinct()
    {
        using var a = PrivateKey.Generate();
        using var b = PrivateKey.Generate();
        Assert.NotEqual(a.Address, b.Address);
    }
}
