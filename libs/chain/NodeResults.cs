using Custody.Ethereum;

namespace Custody.Chain;

/// <summary>A log emitted by a transaction (eth_getTransactionReceipt "logs").</summary>
public sealed record LogEntry(Address Address, IReadOnlyList<Bytes32> Topics, byte[] Data);

/// <summary>eth_getTransactionReceipt; <see cref="Succeeded"/> is status 0x1 (EIP-658).</summary>
public sealed record TransactionReceipt(
    Bytes32 TransactionHash,
    Bytes32 BlockHash,
    ulong BlockNumber,
    Address From,
    Address? To,
    Address? ContractAddress,
    bool Succeeded,
    ulong GasUsed,
    UInt256 EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs);

/// <summary>eth_getTransactionByHash (the fields a wallet needs); BlockNumber is null while pending.</summary>
public sealed record NodeTransaction(
    Bytes32 Hash,
    ulong? BlockNumber,
    Address From,
    Address? To,
    ulong Nonce,
    UInt256 Value,
    byte[] Input,
    ulong Gas,
    byte Type);

/// <summary>eth_getBlockByNumber / eth_getBlockByHash with transaction hashes only.</summary>
public sealed record NodeBlock(
    ulong Number,
    Bytes32 Hash,
    ulong Timestamp,
    ulong GasLimit,
    ulong GasUsed,
    UInt256? BaseFeePerGas,
    IReadOnlyList<Bytes32> TransactionHashes);

/// <summary>eth_feeHistory (EIP-1559 fee market history).</summary>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<UInt256> BaseFeePerGas,
    IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<UInt256>> Reward);

/// <summary>The call object of eth_call and eth_estimateGas.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    /// <summary>Null to simulate a contract creation.</summary>
    public Address? To { get; init; }

    public UInt256? Value { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; }

    public ulong? Gas { get; init; }
}
