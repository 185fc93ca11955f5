using System.Numerics;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Tests.Signing;

public sealed class when_creating_signatures
{
    private static readonly UInt256 N = UInt256.Parse("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    private static readonly UInt256 HalfN = UInt256.Create(N.ToBigInteger() / 2);

    [Fact]
    public void high_s_is_refused()
    {
        Assert.True(Signature.TryCreate(UInt256.One, HalfN, 0, out _));
        Assert.False(Signature.TryCreate(UInt256.One, HalfN + UInt256.One, 0, out _));
        Assert.Throws<EthereumFormatException>(() => Signature.Create(UInt256.One, N - UInt256.One, 1));
    }

    [Theory]
    [InlineData("0", "1", 0)]
    [InlineData("1", "0", 0)]
    [InlineData("1", "1", 2)]
    [InlineData("1", "1", -1)]
    public void zero_values_and_bad_parity_are_refused(string r, string s, int yParity)
    {
        Assert.False(Signature.TryCreate(UInt256.Parse(r), UInt256.Parse(s), yParity, out _));
    }

    [Fact]
    public void r_at_or_above_the_group_order_is_refused()
    {
        Assert.False(Signature.TryCreate(N, UInt256.One, 0, out _));
    }

    [Fact]
    public void normalizing_a_high_s_signature_flips_s_and_the_recovery_id_and_still_recovers_the_signer()
    {
        using var key = PrivateKey.Generate();
        var hash = Keccak256.Hash("custody"u8);
        var low = key.Sign(hash);
        var highS = N - low.S;

        var normalized = Signature.CreateNormalized(low.R, highS, low.YParity ^ 1);

        Assert.Equal(low, normalized);
        Assert.Equal(key.Address, SignatureRecovery.RecoverAddress(hash, normalized));
        Assert.Throws<EthereumFormatException>(() => Signature.CreateNormalized(low.R, low.S, 2));
    }

    [Fact]
    public void a_signature_recovers_to_its_signer_and_not_with_the_other_parity()
    {
        using var key = PrivateKey.Generate();
        var hash = Keccak256.Hash("message"u8);
        var signature = key.Sign(hash);
        var flipped = Signature.Create(signature.R, signature.S, signature.YParity ^ 1);

        Assert.Equal(key.Address, SignatureRecovery.RecoverAddress(hash, signature));
        Assert.NotEqual(key.Address, SignatureRecovery.RecoverAddress(hash, flipped));
        Assert.True(BigInteger.Compare(signature.S.ToBigInteger(), HalfN.ToBigInteger()) <= 0);
    }
}
