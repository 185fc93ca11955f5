using Custody.Domain.Intents;
using Custody.Ethereum;
using Custody.Chain;
using Custody.Ethereum.Transactions;

namespace Custody.Cli.Demo;

/// <summary>
/// Builds the EIP-1559 transaction for an approved intent from the node's view: nonce (pending), next base fee
/// (eth_feeHistory) and priority fee (eth_maxPriorityFeePerGas); max fee = 2 x base fee + tip.
/// </summary>
internal static class TransactionBuilder
{
    private const ulong TransferGas = 21_000;

    public static async Task<DynamicFeeTransaction> BuildAsync(EthereumNode rpc, TransactionIntent intent, CancellationToken ct)
    {
        var chainId = await rpc.GetChainIdAsync(ct).ConfigureAwait(false);
        if (chainId != intent.ChainId)
        {
            throw new DemoException($"The node is on chain {chainId}, the intent names chain {intent.ChainId}.");
        }

        var nonce = await rpc.GetTransactionCountAsync(intent.WalletAddress, BlockTag.Pending, ct).ConfigureAwait(false);
        var history = await rpc.GetFeeHistoryAsync(1, BlockTag.Latest, [], ct).ConfigureAwait(false);
        var baseFee = history.BaseFeePerGas[^1];
        var tip = await rpc.GetMaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = chainId,
            Nonce = nonce,
            GasLimit = TransferGas,
            To = intent.To,
            Value = intent.Value,
            Data = intent.Data.ToArray(),
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = (baseFee * 2UL) + tip,
        };
        transaction.Validate();
        Narration.Line($"EIP-1559 tx: chain {chainId}, nonce {nonce}, gas {TransferGas}, max fee {transaction.MaxFeePerGas} wei/gas (base {baseFee} + tip {tip})");
        return transaction;
    }
}
