using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Math;

namespace Custody.Ethereum.Tests.Core;

public sealed class when_parsing_addresses
{
    public static TheoryData<string> Eip55Examples() => new(VectorFile.Lines("eip55.txt").ToArray());

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void the_eip55_examples_round_trip_to_the_same_checksum(string checksummed)
    {
        var address = Address.Parse(checksummed);
        Assert.Equal(checksummed, address.ToString());
    }

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void all_lower_and_all_upper_forms_are_accepted(string checksummed)
    {
        var lower = "0x" + checksummed[2..].ToLowerInvariant();
        var upper = "0x" + checksummed[2..].ToUpperInvariant();
        Assert.Equal(Address.Parse(checksummed), Address.Parse(lower));
        Assert.Equal(Address.Parse(checksummed), Address.Parse(upper));
    }

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void mixed_case_with_a_wrong_checksum_is_rejected(string checksummed)
    {
        // Flip the case of one letter: still mixed case, no longer the checksum.
        var chars = checksummed.ToCharArray();
        var i = Array.FindIndex(chars, 2, char.IsAsciiLetter);
        chars[i] = char.IsAsciiLetterUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
        var broken = new string(chars);
        var stillMixed = broken[2..].Any(char.IsAsciiLetterUpper) && broken[2..].Any(char.IsAsciiLetterLower);

        Assert.True(stillMixed);
        Assert.False(Address.TryParse(broken, out _));
        Assert.Throws<EthereumFormatException>(() => Address.Parse(broken));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")]
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    public void malformed_text_is_rejected(string? text)
    {
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void bytes_must_be_exactly_twenty()
    {
        Assert.False(Address.TryCreate(new byte[19], out _));
        Assert.False(Address.TryCreate(new byte[21], out _));
        Assert.True(Address.TryCreate(new byte[20], out var zero));
        Assert.Equal(Address.Zero, zero);
        Assert.True(zero.IsZero);
    }

    [Theory]
    // Private key 1 (the generator G) and EIP-155's example key 0x4646..46 with their well-known addresses.
    [InlineData("01", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    [InlineData("4646464646464646464646464646464646464646464646464646464646464646", "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")]
    public void the_address_of_a_public_key_is_the_tail_of_its_keccak_hash(string privateKeyHex, string expected)
    {
        var curve = SecNamedCurves.GetByName("secp256k1");
        var point = curve.G.Multiply(new BigInteger(privateKeyHex, 16)).Normalize();

        Assert.Equal(expected, Address.FromPublicKey(point.GetEncoded(false)).ToString());
        Assert.Equal(expected, Address.FromPublicKey(point.GetEncoded(true)).ToString());
        Assert.Equal(expected, Address.FromPublicKey(point.GetEncoded(false).AsSpan(1)).ToString());
    }

    [Fact]
    public void a_point_off_the_curve_is_rejected()
    {
        var bogus = new byte[65];
        bogus[0] = 0x04;
        bogus[64] = 7;
        Assert.Throws<EthereumFormatException>(() => Address.FromPublicKey(bogus));
        Assert.Throws<EthereumFormatException>(() => Address.FromPublicKey(new byte[10]));
    }
}
