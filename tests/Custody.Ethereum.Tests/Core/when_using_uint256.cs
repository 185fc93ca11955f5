using System.Numerics;

namespace Custody.Ethereum.Tests.Core;

public sealed class when_using_uint256
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0x0", "0")]
    [InlineData("0x00", "0")]
    [InlineData("1000000000000000000", "1000000000000000000")]
    [InlineData("0xde0b6b3a7640000", "1000000000000000000")]
    [InlineData("0xFF", "255")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", "115792089237316195423570985008687907853269984665640564039457584007913129639935")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "115792089237316195423570985008687907853269984665640564039457584007913129639935")]
    public void decimal_and_hex_text_parse_to_the_value(string text, string expectedDecimal)
    {
        Assert.Equal(expectedDecimal, UInt256.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1_000")]
    [InlineData("1e18")]
    [InlineData("0x")]
    [InlineData("0x-1")]
    [InlineData("0xg")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639936")]
    [InlineData("0x10000000000000000000000000000000000000000000000000000000000000000")]
    public void negative_oversized_or_malformed_text_is_rejected(string? text)
    {
        Assert.False(UInt256.TryParse(text, out _));
        Assert.Throws<EthereumFormatException>(() => UInt256.Parse(text));
    }

    [Fact]
    public void values_outside_the_range_cannot_be_created()
    {
        Assert.False(UInt256.TryCreate(BigInteger.MinusOne, out _));
        Assert.False(UInt256.TryCreate(TwoTo256, out _));
        Assert.True(UInt256.TryCreate(TwoTo256 - 1, out var max));
        Assert.Equal(UInt256.MaxValue, max);
        Assert.Throws<OverflowException>(() => UInt256.Create(BigInteger.MinusOne));
        Assert.False(UInt256.TryCreate(new byte[33], out _));
    }

    [Fact]
    public void arithmetic_is_checked()
    {
        Assert.Throws<OverflowException>(() => UInt256.MaxValue + UInt256.One);
        Assert.Throws<OverflowException>(() => UInt256.Zero - UInt256.One);
        Assert.Throws<OverflowException>(() => UInt256.MaxValue * (UInt256)2);
        Assert.Throws<DivideByZeroException>(() => UInt256.One / UInt256.Zero);
        Assert.Equal((UInt256)7, (UInt256)3 + (UInt256)4);
        Assert.Equal((UInt256)12, (UInt256)3 * (UInt256)4);
        Assert.Equal((UInt256)3, (UInt256)13 / (UInt256)4);
        Assert.Equal(UInt256.MaxValue - UInt256.One + UInt256.One, UInt256.MaxValue);
    }

    [Fact]
    public void encodings_are_big_endian_and_quantities_have_no_leading_zeros()
    {
        var value = UInt256.Parse("0x0102");
        Assert.Equal([1, 2], value.ToMinimalBigEndianBytes());
        Assert.Empty(UInt256.Zero.ToMinimalBigEndianBytes());
        var word = value.ToBigEndianBytes();
        Assert.Equal(32, word.Length);
        Assert.Equal(1, word[30]);
        Assert.Equal(2, word[31]);
        Assert.Equal("0x102", value.ToHexQuantity());
        Assert.Equal("0x0", UInt256.Zero.ToHexQuantity());
        Assert.Equal(value, UInt256.Create(word));
    }

    [Fact]
    public void ordering_follows_the_numeric_value()
    {
        Assert.True((UInt256)2 > (UInt256)1);
        Assert.True(UInt256.MaxValue > UInt256.Parse("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"));
        Assert.True(UInt256.Zero <= UInt256.Zero);
    }
}
