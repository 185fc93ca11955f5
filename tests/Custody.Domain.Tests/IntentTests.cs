using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Custody.Domain.Intents;
using Custody.Domain.Tests.Support;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Domain.Tests;

public sealed class when_an_intent_is_derived_from_a_request
{
    [Fact]
    public void empty_calldata_is_a_native_transfer_to_the_target()
    {
        var intent = Samples.Intent(Samples.Native(Samples.Alice, 5));
        Assert.Equal(CallKind.NativeTransfer, intent.Kind);
        Assert.Equal(Asset.Native, intent.Asset);
        Assert.Equal(Samples.Alice, intent.Destination);
        Assert.Equal(UInt256.Create(5), intent.Amount);
        Assert.False(intent.IsContractCall);
    }

    [Fact]
    public void an_erc20_transfer_shows_the_token_the_real_recipient_and_the_token_amount()
    {
        var intent = Samples.Intent(Samples.Erc20Transfer(Samples.Token, Samples.Bob, 250_000_000));
        Assert.Equal(CallKind.Erc20Transfer, intent.Kind);
        Assert.Equal(Asset.Erc20(Samples.Token), intent.Asset);
        Assert.Equal(Samples.Bob, intent.Destination);
        Assert.Equal(UInt256.Create(250_000_000), intent.Amount);
        Assert.Equal(Samples.Token, intent.To);
        Assert.False(intent.IsContractCall);
    }

    [Fact]
    public void transfer_from_and_approve_are_decoded_and_count_as_contract_calls()
    {
        var transferFrom = Samples.Intent(Samples.Call(Samples.Token, Hex.Encode(new Erc20TransferFrom(Samples.Alice, Samples.Bob, UInt256.Create(7)).Encode()), 0));
        var approve = Samples.Intent(Samples.Call(Samples.Token, Hex.Encode(new Erc20Approve(Samples.Exchange, UInt256.MaxValue).Encode()), 0));

        Assert.Equal((CallKind.Erc20TransferFrom, Samples.Bob, UInt256.Create(7)), (transferFrom.Kind, transferFrom.Destination, transferFrom.Amount));
        Assert.Equal((CallKind.Erc20Approve, Samples.Exchange, UInt256.MaxValue), (approve.Kind, approve.Destination, approve.Amount));
        Assert.True(transferFrom.IsContractCall);
        Assert.True(approve.IsContractCall);
    }

    [Fact]
    public void other_calldata_is_a_contract_call_with_the_native_value()
    {
        var intent = Samples.Intent(Samples.Call(Samples.Exchange, "0xdeadbeef00", 3));
        Assert.Equal((CallKind.ContractCall, Asset.Native, Samples.Exchange, UInt256.Create(3)), (intent.Kind, intent.Asset, intent.Destination, intent.Amount));
        Assert.True(intent.IsContractCall);
    }

    [Fact]
    public void a_transfer_selector_with_trailing_bytes_is_refused_not_treated_as_a_generic_call()
    {
        var data = Hex.Encode(new Erc20Transfer(Samples.Bob, UInt256.Create(1)).Encode()) + "00";
        var error = Assert.Throws<IntentValidationException>(() => Samples.Intent(Samples.Call(Samples.Token, data, 0)));
        Assert.Contains("$.data:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_erc20_call_carrying_native_value_is_refused()
    {
        var data = Hex.Encode(new Erc20Transfer(Samples.Bob, UInt256.Create(1)).Encode());
        Assert.Contains(Assert.Throws<IntentValidationException>(() => Samples.Intent(Samples.Call(Samples.Token, data, 1))).Errors,
            e => e.StartsWith("$.value:", StringComparison.Ordinal));
    }

    [Fact]
    public void an_address_without_its_eip55_checksum_is_refused_with_the_expected_form()
    {
        var request = Samples.Native(Samples.Alice, 1) with { To = Samples.Alice.ToChecksumString().ToLowerInvariant() };
        var error = Assert.Single(Assert.Throws<IntentValidationException>(() => Samples.Intent(request)).Errors);
        Assert.Equal($"$.to: must be EIP-55 checksummed: {Samples.Alice.ToChecksumString()}", error);
    }

    [Fact]
    public void the_hash_follows_the_documented_encoding()
    {
        var request = Samples.Erc20Transfer(Samples.Token, Samples.Bob, 250_000_000);
        var intent = Samples.Intent(request);
        var expected = new List<byte>();
        void Field(byte tag, byte[] value)
        {
            expected.Add(tag);
            expected.AddRange(BigEndian32(value.Length));
            expected.AddRange(value);
        }

        expected.AddRange(BigEndian32(17));
        expected.AddRange("custody/intent/v1"u8.ToArray());
        Field(0x01, Encoding.UTF8.GetBytes(request.RequestId));
        Field(0x02, [0, 0, 0, 0, 0, 0, 0, 1]);
        Field(0x03, Encoding.UTF8.GetBytes(request.WalletId));
        Field(0x04, Samples.Wallet.ToArray());
        Field(0x05, Samples.Token.ToArray());
        Field(0x06, new byte[32]);
        Field(0x07, Convert.FromHexString(request.Data[2..]));
        Field(0x08, [1, .. Samples.Token.ToArray()]);
        Field(0x09, Samples.Bob.ToArray());
        Field(0x0A, UInt256.Create(250_000_000).ToBigEndianBytes());
        Field(0x0B, [1]);
        Field(0x0C, Encoding.UTF8.GetBytes(request.Initiator));

        Assert.Equal("0x" + Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())), intent.Hash.ToString());
    }

    public static TheoryData<string> Variations() => ["requestId", "walletId", "chainId", "to", "value", "initiator", "walletAddress", "data"];

    [Theory]
    [MemberData(nameof(Variations))]
    public void changing_any_field_changes_the_hash(string field)
    {
        var baseline = Samples.Native(Samples.Alice, 10);
        var changed = field switch
        {
            "requestId" => baseline with { RequestId = "req-other" },
            "walletId" => baseline with { WalletId = "hot-2" },
            "chainId" => baseline with { ChainId = 5 },
            "to" => baseline with { To = Samples.Bob.ToChecksumString() },
            "value" => baseline with { Value = "11" },
            "initiator" => baseline with { Initiator = "someone-else" },
            "walletAddress" => baseline with { WalletAddress = Samples.Exchange.ToChecksumString() },
            "data" => baseline with { Data = "0x01" },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(Samples.Intent(baseline).Hash, Samples.Intent(changed).Hash);
        Assert.Equal(Samples.Intent(baseline).Hash, Samples.Intent(baseline with { }).Hash);
    }

    [Fact]
    public void requested_at_is_not_part_of_the_intent() =>
        Assert.Equal(Samples.Intent(Samples.Native(Samples.Alice, 1)).Hash,
            Samples.Intent(Samples.Native(Samples.Alice, 1) with { RequestedAt = Samples.Now.AddDays(1) }).Hash);

    private static byte[] BigEndian32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void the_largest_amount_is_accepted()
    {
        var intent = Samples.Intent(Samples.Native(Samples.Alice, Samples.MaxUInt256));
        Assert.Equal(UInt256.MaxValue, intent.Amount);
        Assert.Equal(BigInteger.Zero, Samples.MaxUInt256 - intent.Amount.ToBigInteger());
    }
}
