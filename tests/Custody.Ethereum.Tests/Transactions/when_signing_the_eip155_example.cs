using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Ethereum.Tests.Transactions;

public sealed class when_signing_the_eip155_example
{
    private static readonly Dictionary<string, string> Vector = VectorFile.Lines("eip155.txt")
        .Select(line => line.Split(' ', 2))
        .ToDictionary(parts => parts[0], parts => parts[1]);

    private static LegacyTransaction Example() => new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = UInt256.Parse("20000000000"),
        GasLimit = 21000,
        To = Address.Parse("0x3535353535353535353535353535353535353535"),
        Value = UInt256.Parse("1000000000000000000"),
    };

    [Fact]
    public void the_signing_data_and_hash_match_the_eip()
    {
        var tx = Example();
        Assert.Equal(Vector["signingData"], Hex.Encode(tx.EncodeUnsigned()));
        Assert.Equal(Vector["signingHash"], tx.SigningHash().ToString());
    }

    [Fact]
    public void rfc6979_signing_reproduces_the_eip_signature_and_raw_transaction()
    {
        using var key = PrivateKey.Create(Hex.Decode(Vector["privateKey"]));
        var signed = Example().Sign(key);

        Assert.Equal(UInt256.Parse(Vector["r"]), signed.Signature.R);
        Assert.Equal(UInt256.Parse(Vector["s"]), signed.Signature.S);
        Assert.Equal(int.Parse(Vector["v"], System.Globalization.CultureInfo.InvariantCulture), 1 * 2 + 35 + signed.Signature.YParity);
        Assert.Equal(Vector["signedTransaction"], Hex.Encode(signed.Raw));
    }

    [Fact]
    public void decoding_the_signed_transaction_recovers_the_fields_and_sender()
    {
        var signed = SignedTransaction.Decode(Hex.Decode(Vector["signedTransaction"]));

        Assert.Equal(Example(), signed.Transaction with { Data = Example().Data });
        Assert.Equal(Vector["signingHash"], signed.Transaction.SigningHash().ToString());
        Assert.Equal(Address.Parse(Vector["sender"]), signed.RecoverSender());
        Assert.Equal(Bytes32.Create(Keccak256.Hash(Hex.Decode(Vector["signedTransaction"]))), signed.Hash);
    }

    [Fact]
    public void a_pre_eip155_signature_is_refused()
    {
        var fields = RlpDecoder.Decode(Hex.Decode(Vector["signedTransaction"])).Items.ToArray();
        fields[6] = RlpItem.Integer(27); // v = 27: a pre-EIP-155, replayable signature
        var raw = RlpEncoder.Encode(RlpItem.List(fields));

        var error = Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
        Assert.Contains("EIP-155", error.Message, StringComparison.Ordinal);
    }
}
