using System.Numerics;
using System.Text.Json.Nodes;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;
using AccessListItem = Nethereum.Model.AccessListItem;
using ISignedTransaction = Nethereum.Model.ISignedTransaction;
using LegacyTransactionChainId = Nethereum.Model.LegacyTransactionChainId;
using Transaction1559 = Nethereum.Model.Transaction1559;
using Transaction2930 = Nethereum.Model.Transaction2930;

namespace Custody.Ethereum.Tests.CrossCheck;

/// <summary>
/// A second, independent oracle next to ethers: Nethereum (the library libs/chain speaks to nodes through) decodes
/// our signed RLP of all three transaction types. Every field it reads must equal what we signed, its sender recovery
/// must find the signing key's address, and its re-encoding must give back our exact bytes.
/// </summary>
public sealed class when_nethereum_decodes_our_transactions
{
    private const int Seed = 20261207;
    private const int Count = 150;

    [Fact]
    public void nethereum_reads_the_same_fields_and_recovers_the_same_sender()
    {
        var random = new RandomTransactions(Seed);
        for (var i = 0; i < Count; i++)
        {
            var tx = random.Next(i);
            using var key = PrivateKey.Create(random.NextPrivateKey());
            var ours = tx.Sign(key);
            var context = $"seed {Seed}, transaction {i} (type {(int)tx.Type})";

            var theirs = Nethereum.Model.TransactionFactory.CreateTransaction(Hex.Encode(ours.Raw));

            var read = FromNethereum(theirs, tx.ChainId);
            Assert.True(JsonNode.DeepEquals(TransactionJson.ToJson(tx), TransactionJson.ToJson(read)), $"fields differ: {context}");
            Assert.True(Hex.Encode(theirs.GetRLPEncoded()) == Hex.Encode(ours.Raw), $"re-encoding differs: {context}");
            var sender = Nethereum.Signer.TransactionVerificationAndRecovery.GetSenderAddress(Hex.Encode(ours.Raw));
            Assert.True(string.Equals(sender, key.Address.ToString(), StringComparison.OrdinalIgnoreCase), $"sender differs: {context}: {sender}");
        }
    }

    [Fact]
    public void a_tampered_transaction_recovers_to_another_sender_in_nethereum()
    {
        using var key = PrivateKey.Create(new RandomTransactions(Seed + 1).NextPrivateKey());
        var tx = new DynamicFeeTransaction
        {
            ChainId = 31337, Nonce = 7, GasLimit = 21_000, To = Address.Parse("0x3535353535353535353535353535353535353535"),
            Value = 1, MaxFeePerGas = 2_000_000_000, MaxPriorityFeePerGas = 1_000_000_000,
        };
        var signature = tx.Sign(key).Signature;
        var tampered = (tx with { Value = 2 }).WithSignature(signature);

        var sender = Nethereum.Signer.TransactionVerificationAndRecovery.GetSenderAddress(Hex.Encode(tampered.Raw));

        Assert.False(string.Equals(sender, key.Address.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Nethereum's decoded transaction as ours, field by field (legacy fields are big-endian byte strings there).</summary>
    private static Transaction FromNethereum(ISignedTransaction decoded, ulong expectedChainId) => decoded switch
    {
        Transaction1559 t => new DynamicFeeTransaction
        {
            ChainId = U64(t.ChainId), Nonce = U64(t.Nonce), GasLimit = U64(t.GasLimit), To = AddressOf(t.ReceiverAddress),
            Value = U256(t.Amount), Data = Bytes(t.Data), MaxFeePerGas = U256(t.MaxFeePerGas), MaxPriorityFeePerGas = U256(t.MaxPriorityFeePerGas),
            AccessList = AccessListOf(t.AccessList),
        },
        Transaction2930 t => new AccessListTransaction
        {
            ChainId = U64(t.ChainId), Nonce = U64(t.Nonce), GasLimit = U64(t.GasLimit), To = AddressOf(t.ReceiverAddress),
            Value = U256(t.Amount), Data = Bytes(t.Data), GasPrice = U256(t.GasPrice), AccessList = AccessListOf(t.AccessList),
        },
        LegacyTransactionChainId t => new LegacyTransaction
        {
            ChainId = U64(t.GetChainIdAsBigInteger()), Nonce = U64(Big(t.Nonce)), GasLimit = U64(Big(t.GasLimit)),
            To = t.ReceiveAddress is { Length: > 0 } to ? Address.Create(to) : null,
            Value = U256(Big(t.Value)), Data = t.Data ?? [], GasPrice = U256(Big(t.GasPrice)),
        },
        _ => throw new InvalidOperationException($"Nethereum decoded an unexpected {decoded.GetType().Name} (chain {expectedChainId})."),
    };

    private static List<AccessListEntry> AccessListOf(List<AccessListItem>? items) =>
        (items ?? []).Select(item => new AccessListEntry(
            AddressOf(item.Address) ?? throw new InvalidOperationException("Nethereum read an access-list entry without an address."),
            (item.StorageKeys ?? []).Select(key => Bytes32.Create(key)).ToList())).ToList();

    // Nethereum's address text is compared by value (lower case: its casing is no EIP-55 checksum; access-list
    // addresses come without the 0x prefix).
    private static Address? AddressOf(string? hex) => string.IsNullOrEmpty(hex) || hex == "0x" ? null : Address.Parse(Prefixed(hex).ToLowerInvariant());

    private static string Prefixed(string hex) => hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex : "0x" + hex;

    private static byte[] Bytes(string? hex) => string.IsNullOrEmpty(hex) ? [] : Hex.Decode(Prefixed(hex));

    private static BigInteger Big(byte[]? bytes) => bytes is null or { Length: 0 } ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: true, isBigEndian: true);

    private static ulong U64(BigInteger? value) => (ulong)(value ?? BigInteger.Zero);

    private static UInt256 U256(BigInteger? value) => UInt256.Create(value ?? BigInteger.Zero);
}
