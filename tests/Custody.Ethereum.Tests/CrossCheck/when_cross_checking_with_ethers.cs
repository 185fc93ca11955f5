using System.Text.Json.Nodes;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Ethereum.Tests.CrossCheck;

/// <summary>
/// Random transactions of all three types, compared byte for byte with ethers 6 in a node process:
/// unsigned encoding, signing hash, RFC 6979 signed bytes, transaction hash, decoding and sender recovery,
/// in both directions.
/// </summary>
public sealed class when_cross_checking_with_ethers(EthersOracle ethers) : IClassFixture<EthersOracle>
{
    private const int Seed = 20261123;
    private const int Count = 150;

    [Fact]
    public async Task ethers_produces_the_same_unsigned_bytes_signing_hash_signed_bytes_and_hash()
    {
        var random = new RandomTransactions(Seed);
        for (var i = 0; i < Count; i++)
        {
            var tx = random.Next(i);
            var secret = random.NextPrivateKey();
            using var key = PrivateKey.Create(secret);
            var ours = tx.Sign(key);

            var theirs = await SignWithEthersAsync(tx, secret);

            var context = $"seed {Seed}, transaction {i} (type {(int)tx.Type})";
            Assert.True(Hex.Encode(tx.EncodeUnsigned()) == (string)theirs["unsigned"]!, $"unsigned encoding differs: {context}");
            Assert.True(tx.SigningHash().ToString() == (string)theirs["signingHash"]!, $"signing hash differs: {context}");
            Assert.True(Hex.Encode(ours.Raw) == (string)theirs["signed"]!, $"signed encoding differs: {context}");
            Assert.True(ours.Hash.ToString() == (string)theirs["hash"]!, $"hash differs: {context}");
            Assert.True(key.Address.ToString() == (string)theirs["from"]!, $"sender differs: {context}");
        }
    }

    [Fact]
    public async Task our_decoder_reads_ethers_signed_transactions_and_recovers_the_sender()
    {
        var random = new RandomTransactions(Seed + 1);
        for (var i = 0; i < Count; i++)
        {
            var tx = random.Next(i);
            var secret = random.NextPrivateKey();
            var theirs = await SignWithEthersAsync(tx, secret);

            var decoded = SignedTransaction.Decode(Hex.Decode((string)theirs["signed"]!));

            var context = $"seed {Seed + 1}, transaction {i}";
            Assert.True(JsonNode.DeepEquals(TransactionJson.ToJson(tx), TransactionJson.ToJson(decoded.Transaction)), $"fields differ: {context}");
            Assert.True(decoded.RecoverSender().ToString() == (string)theirs["from"]!, $"sender differs: {context}");
            Assert.True(decoded.Hash.ToString() == (string)theirs["hash"]!, $"hash differs: {context}");
        }
    }

    [Fact]
    public async Task ethers_parses_our_signed_transactions_and_recovers_the_same_sender()
    {
        var random = new RandomTransactions(Seed + 2);
        for (var i = 0; i < Count; i++)
        {
            var tx = random.Next(i);
            using var key = PrivateKey.Create(random.NextPrivateKey());
            var ours = tx.Sign(key);

            var parsed = await ethers.AskAsync(new JsonObject { ["op"] = "parse", ["raw"] = Hex.Encode(ours.Raw) });

            var context = $"seed {Seed + 2}, transaction {i}";
            Assert.True(JsonNode.DeepEquals(TransactionJson.ToJson(tx), parsed["tx"]), $"fields differ: {context}: {parsed["tx"]}");
            Assert.True(key.Address.ToString() == (string)parsed["from"]!, $"sender differs: {context}");
            Assert.True(ours.Hash.ToString() == (string)parsed["hash"]!, $"hash differs: {context}");
            Assert.True(ours.Signature.R.ToString() == (string)parsed["r"]! && ours.Signature.S.ToString() == (string)parsed["s"]!, $"signature differs: {context}");
        }
    }

    private Task<JsonObject> SignWithEthersAsync(Transaction tx, byte[] secret) =>
        ethers.AskAsync(new JsonObject
        {
            ["op"] = "sign",
            ["key"] = Hex.Encode(secret),
            ["tx"] = TransactionJson.ToJson(tx),
        });
}
