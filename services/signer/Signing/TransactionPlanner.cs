using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Chain;
using Custody.Ethereum.Transactions;

namespace Custody.Signer.Signing;

/// <summary>
/// Builds the EIP-1559 transaction of an approved intent at its reserved nonce (docs/signing.md "The signer"): chain,
/// sender, target, value and calldata exactly the intent's; the gas limit from eth_estimateGas (a margin for calls
/// with calldata); fees from eth_feeHistory and eth_maxPriorityFeePerGas under the policy's cap (<see cref="FeePlan"/>).
/// </summary>
public sealed class TransactionPlanner(EthereumNode node)
{
    private const ulong TransferGas = 21_000;

    public async Task<(DynamicFeeTransaction Transaction, FeePlan Fees)> PlanAsync(TransactionIntent intent, ulong nonce, FeeCap cap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var chainId = await node.GetChainIdAsync(ct).ConfigureAwait(false);
        if (chainId != intent.ChainId)
        {
            throw new InvalidOperationException($"the node is on chain {chainId}, the request names chain {intent.ChainId}");
        }

        var estimate = await node.EstimateGasAsync(new CallRequest { From = intent.WalletAddress, To = intent.To, Value = intent.Value, Data = intent.Data.ToArray() }, ct).ConfigureAwait(false);
        var gasLimit = intent.Data.IsEmpty ? Math.Max(estimate, TransferGas) : checked(estimate + (estimate / 5));
        var history = await node.GetFeeHistoryAsync(1, BlockTag.Latest, [], ct).ConfigureAwait(false);
        var tip = await node.GetMaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
        var fees = FeePlan.Within(history.BaseFeePerGas[^1], tip, gasLimit, cap);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = intent.ChainId,
            Nonce = nonce,
            GasLimit = gasLimit,
            To = intent.To,
            Value = intent.Value,
            Data = intent.Data.ToArray(),
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            MaxFeePerGas = fees.MaxFeePerGas,
        };
        transaction.Validate();
        return (transaction, fees);
    }
}
