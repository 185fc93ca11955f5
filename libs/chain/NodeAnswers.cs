using System.Numerics;
using Custody.Ethereum;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace Custody.Chain;

/// <summary>
/// Nethereum's answer objects read into the project's types, strictly: a missing or malformed field of an answer is a
/// <see cref="NodeTransportException"/> (the node's answer is not what the JSON-RPC specification promises), never a
/// silent zero.
/// </summary>
internal static class NodeAnswers
{
    public static TransactionReceipt Receipt(Nethereum.RPC.Eth.DTOs.TransactionReceipt r) => new(
        Hash(r.TransactionHash),
        Hash(r.BlockHash),
        Quantity64(r.BlockNumber),
        Address(r.From),
        OptionalAddress(r.To),
        OptionalAddress(r.ContractAddress),
        Quantity(r.Status) == UInt256.One,
        Quantity64(r.GasUsed),
        Quantity(r.EffectiveGasPrice),
        [.. (r.Logs ?? []).Select(Log)]);

    public static NodeTransaction Transaction(Transaction t) => new(
        Hash(t.TransactionHash),
        t.BlockNumber is null ? null : Quantity64(t.BlockNumber),
        Address(t.From),
        OptionalAddress(t.To),
        Quantity64(t.Nonce),
        Quantity(t.Value),
        Data(t.Input),
        Quantity64(t.Gas),
        t.Type is null ? (byte)0 : checked((byte)Quantity64(t.Type)));

    public static NodeBlock Block(BlockWithTransactionHashes b) => new(
        Quantity64(b.Number),
        Hash(b.BlockHash),
        Quantity64(b.Timestamp),
        Quantity64(b.GasLimit),
        Quantity64(b.GasUsed),
        b.BaseFeePerGas is null ? null : Quantity(b.BaseFeePerGas),
        [.. (b.TransactionHashes ?? []).Select(Hash)]);

    public static LogEntry Log(FilterLog log) => new(Address(log.Address), [.. (log.Topics ?? []).Select(t => Hash(t?.ToString()))], Data(log.Data));

    public static ulong Quantity64(HexBigInteger? value)
    {
        var big = Required(value).Value;
        return big >= 0 && big <= ulong.MaxValue ? (ulong)big : throw new NodeTransportException($"The node answered a quantity out of range: {big}.");
    }

    public static UInt256 Quantity(HexBigInteger? value) =>
        UInt256.TryCreate(Required(value).Value, out var result) ? result : throw new NodeTransportException("The node answered a quantity outside 0..2^256-1.");

    public static Bytes32 Hash(string? value) =>
        Bytes32.TryParse(value, out var hash) ? hash : throw new NodeTransportException("The node answered a malformed 32-byte hash.");

    public static byte[] Data(string? value) =>
        Hex.TryDecode(value ?? "0x", out var bytes) ? bytes : throw new NodeTransportException("The node answered malformed hex data.");

    private static Address Address(string? value) =>
        Ethereum.Address.TryParse(value, out var address) ? address : throw new NodeTransportException("The node answered a malformed address.");

    private static Address? OptionalAddress(string? value) => string.IsNullOrEmpty(value) ? null : Address(value);

    private static HexBigInteger Required(HexBigInteger? value) =>
        value ?? throw new NodeTransportException("The node's answer lacks a required quantity.");

    /// <summary>For callers that hold a BigInteger from Nethereum.</summary>
    public static UInt256 Quantity(BigInteger value) => Quantity(new HexBigInteger(value));
}
