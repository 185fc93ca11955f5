using Custody.Ethereum.Abi;

namespace Custody.Ethereum.Tests.Abi;

public sealed class when_encoding_erc20_calldata
{
    private static readonly Address Alice = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly Address Bob = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    [Fact]
    public void selectors_are_the_well_known_eip20_values()
    {
        Assert.Equal("0xa9059cbb", Erc20Transfer.Selector.ToString());
        Assert.Equal("0x095ea7b3", Erc20Approve.Selector.ToString());
        Assert.Equal("0x23b872dd", Erc20TransferFrom.Selector.ToString());
        Assert.Equal("0x70a08231", Erc20.BalanceOfSelector.ToString());
        Assert.Equal("0x08c379a0", RevertReason.ErrorSelector.ToString());
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(Erc20.TransferEventTopic));
    }

    [Fact]
    public void transfer_is_selector_then_address_word_then_amount_word()
    {
        var calldata = new Erc20Transfer(Bob, UInt256.Parse("1000")).Encode();
        Assert.Equal(
            "0xa9059cbb"
            + "000000000000000000000000fb6916095ca1df60bb79ce92ce3ea74c37c5d359"
            + "00000000000000000000000000000000000000000000000000000000000003e8",
            Hex.Encode(calldata));
    }

    public static TheoryData<Erc20Call> Calls() => new(new Erc20Call[]
    {
        new Erc20Transfer(Bob, UInt256.MaxValue),
        new Erc20Approve(Alice, UInt256.Zero),
        new Erc20TransferFrom(Alice, Bob, UInt256.Parse("123456789")),
    });

    [Theory]
    [MemberData(nameof(Calls))]
    public void decoding_returns_the_encoded_call(Erc20Call call)
    {
        Assert.Equal(call, Erc20.Decode(call.Encode()));
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void any_extra_or_missing_byte_is_rejected(Erc20Call call)
    {
        var calldata = call.Encode();
        Assert.Throws<AbiFormatException>(() => Erc20.Decode(calldata.AsSpan(0, calldata.Length - 1)));
        Assert.Throws<AbiFormatException>(() => Erc20.Decode([.. calldata, 0]));
        Assert.Throws<AbiFormatException>(() => Erc20.Decode(calldata.AsSpan(0, 3)));
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void dirty_address_padding_is_rejected(Erc20Call call)
    {
        var calldata = call.Encode();
        calldata[4] = 1; // first byte of the first (address) word's padding
        Assert.Throws<AbiFormatException>(() => Erc20.Decode(calldata));
        Assert.False(Erc20.TryDecode(calldata, out _));
    }

    [Fact]
    public void an_unknown_selector_is_rejected()
    {
        var calldata = new Erc20Transfer(Bob, UInt256.One).Encode();
        calldata[0] ^= 0xff;
        Assert.Throws<AbiFormatException>(() => Erc20.Decode(calldata));
    }
}
