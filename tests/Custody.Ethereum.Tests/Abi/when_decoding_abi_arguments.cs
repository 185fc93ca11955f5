using Custody.Ethereum.Abi;

namespace Custody.Ethereum.Tests.Abi;

public sealed class when_decoding_abi_arguments
{
    [Fact]
    public void static_and_dynamic_arguments_round_trip()
    {
        var address = Address.Parse("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB");
        var encoded = new AbiEncoder()
            .Address(address).Bytes([1, 2, 3]).Bool(true).UInt256(UInt256.MaxValue).Bytes(new byte[33]).String("héllo")
            .ToArray();

        var d = AbiDecoder.Decode(encoded, AbiType.Address, AbiType.Bytes, AbiType.Bool, AbiType.UInt256, AbiType.Bytes, AbiType.String);

        Assert.Equal(address, d.GetAddress(0));
        Assert.Equal([1, 2, 3], d.GetBytes(1));
        Assert.True(d.GetBool(2));
        Assert.Equal(UInt256.MaxValue, d.GetUInt256(3));
        Assert.Equal(new byte[33], d.GetBytes(4));
        Assert.Equal("héllo", d.GetString(5));
    }

    [Fact]
    public void bytes_follow_the_spec_layout_of_offset_length_and_padded_data()
    {
        // Solidity ABI spec: f(uint256, bytes) with (0x123, "1234567890") style layout.
        var encoded = new AbiEncoder().UInt256(0x123).Bytes("1234567890"u8).ToArray();
        Assert.Equal(
            "0x"
            + "0000000000000000000000000000000000000000000000000000000000000123"
            + "0000000000000000000000000000000000000000000000000000000000000040"
            + "000000000000000000000000000000000000000000000000000000000000000a"
            + "3132333435363738393000000000000000000000000000000000000000000000",
            Hex.Encode(encoded));
    }

    [Fact]
    public void a_bool_other_than_zero_or_one_is_rejected()
    {
        var encoded = new AbiEncoder().Bool(true).ToArray();
        encoded[31] = 2;
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode(encoded, AbiType.Bool));
    }

    [Fact]
    public void a_non_canonical_offset_is_rejected()
    {
        var encoded = new AbiEncoder().Bytes([7]).ToArray();
        encoded[31] = 0x40; // offset 64 instead of 32
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode([.. encoded, .. new byte[32]], AbiType.Bytes));
    }

    [Fact]
    public void non_zero_padding_after_bytes_is_rejected()
    {
        var encoded = new AbiEncoder().Bytes([7]).ToArray();
        encoded[^1] = 1;
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode(encoded, AbiType.Bytes));
    }

    [Fact]
    public void a_length_past_the_end_is_rejected()
    {
        var encoded = new AbiEncoder().Bytes([7]).ToArray();
        encoded[63] = 33;
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode(encoded, AbiType.Bytes));
        encoded[40] = 1; // huge length
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode(encoded, AbiType.Bytes));
    }

    [Fact]
    public void invalid_utf8_in_a_string_is_rejected()
    {
        var encoded = new AbiEncoder().Bytes([0xff, 0xfe]).ToArray();
        Assert.Throws<AbiFormatException>(() => AbiDecoder.Decode(encoded, AbiType.String));
    }

    [Fact]
    public void a_revert_reason_string_is_decoded()
    {
        var data = new AbiEncoder().String("insufficient balance").ToCalldata(RevertReason.ErrorSelector);
        Assert.Equal("insufficient balance", RevertReason.TryDecode(data));
        Assert.Null(RevertReason.TryDecode(data.AsSpan(0, data.Length - 1)));
        Assert.Null(RevertReason.TryDecode([]));
    }
}
