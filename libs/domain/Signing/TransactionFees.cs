using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Domain.Signing;

/// <summary>The fee fields of an EIP-1559 transaction and what they can cost at most.</summary>
public sealed record TransactionFees(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas, ulong GasLimit)
{
    public static TransactionFees Of(DynamicFeeTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new(transaction.MaxFeePerGas, transaction.MaxPriorityFeePerGas, transaction.GasLimit);
    }

    /// <summary>gasLimit * maxFeePerGas: the most the transaction can pay for gas. Never overflows (2^64 * 2^256 fits a BigInteger).</summary>
    public System.Numerics.BigInteger MaxTotalFee => MaxFeePerGas.ToBigInteger() * GasLimit;

    /// <summary>
    /// A replacement must raise both the fee cap and the priority fee (nodes accept a replacement only then;
    /// they also require a minimum bump, which the node enforces).
    /// </summary>
    public bool IsStrictlyHigherThan(TransactionFees other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return MaxFeePerGas > other.MaxFeePerGas && MaxPriorityFeePerGas > other.MaxPriorityFeePerGas;
    }

    public override string ToString() => $"maxFeePerGas {MaxFeePerGas}, maxPriorityFeePerGas {MaxPriorityFeePerGas}, gasLimit {GasLimit}";
}
