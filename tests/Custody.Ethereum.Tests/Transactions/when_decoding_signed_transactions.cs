using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Ethereum.Tests.Transactions;

public sealed class when_decoding_signed_transactions
{
    private static readonly UInt256 N = UInt256.Parse("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private static DynamicFeeTransaction Creation() => new()
    {
        ChainId = 1, Nonce = 0, MaxFeePerGas = 10, MaxPriorityFeePerGas = 1, GasLimit = 100_000, To = null, Data = new byte[] { 0x60, 0x00 },
        AccessList = [new AccessListEntry(Address.Parse("0x3535353535353535353535353535353535353535"), [Bytes32.Create(new byte[32])])],
    };

    [Fact]
    public void a_contract_creation_decodes_with_no_recipient_and_its_access_list()
    {
        using var key = PrivateKey.Generate();
        var decoded = SignedTransaction.Decode(Creation().Sign(key).Raw);

        var tx = Assert.IsType<DynamicFeeTransaction>(decoded.Transaction);
        Assert.Null(tx.To);
        Assert.Equal([0x60, 0x00], tx.Data.ToArray());
        Assert.Single(tx.AccessList);
        Assert.Equal(key.Address, decoded.RecoverSender());
    }

    [Fact]
    public void a_high_s_signature_is_rejected()
    {
        using var key = PrivateKey.Generate();
        var signed = Creation().Sign(key);
        var fields = Payload(signed.Raw);
        fields[^1] = RlpItem.Integer(N - signed.Signature.S);
        fields[^3] = RlpItem.Integer((ulong)(signed.Signature.YParity ^ 1));

        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(Typed(2, fields)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(27)]
    public void a_y_parity_other_than_zero_or_one_is_rejected(int yParity)
    {
        using var key = PrivateKey.Generate();
        var fields = Payload(Creation().Sign(key).Raw);
        fields[^3] = RlpItem.Integer((ulong)yParity);

        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(Typed(2, fields)));
    }

    [Fact]
    public void a_y_parity_encoded_as_0x00_is_non_canonical()
    {
        using var key = PrivateKey.Generate();
        var signed = Creation().Sign(key);
        var fields = Payload(signed.Raw);
        fields[^3] = RlpItem.String([0]);

        Assert.ThrowsAny<EthereumFormatException>(() => SignedTransaction.Decode(Typed(2, fields)));
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x04)]
    [InlineData(0x7f)]
    [InlineData(0x80)]
    public void unsupported_types_are_rejected(byte type)
    {
        using var key = PrivateKey.Generate();
        var raw = Creation().Sign(key).ToArray();
        raw[0] = type;

        Assert.ThrowsAny<EthereumFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void a_wrong_field_count_is_rejected()
    {
        using var key = PrivateKey.Generate();
        var fields = Payload(Creation().Sign(key).Raw);

        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(Typed(2, fields[..^1])));
        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(Typed(1, fields)));
    }

    [Fact]
    public void a_storage_key_that_is_not_32_bytes_is_rejected()
    {
        using var key = PrivateKey.Generate();
        var fields = Payload(Creation().Sign(key).Raw);
        fields[8] = RlpItem.List(RlpItem.List(RlpItem.String(new byte[20]), RlpItem.List(RlpItem.String(new byte[31]))));

        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(Typed(2, fields)));
    }

    [Fact]
    public void signing_rejects_a_priority_fee_above_the_fee_cap_and_chain_id_zero()
    {
        using var key = PrivateKey.Generate();
        Assert.Throws<TransactionFormatException>(() => (Creation() with { MaxPriorityFeePerGas = 11 }).Sign(key));
        Assert.Throws<TransactionFormatException>(() => (Creation() with { ChainId = 0 }).Sign(key));
    }

    private static RlpItem[] Payload(ReadOnlySpan<byte> raw) => [.. RlpDecoder.Decode(raw[1..]).Items];

    private static byte[] Typed(byte type, RlpItem[] fields) => [type, .. RlpEncoder.Encode(RlpItem.List(fields))];
}
