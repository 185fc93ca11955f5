using Custody.Ethereum;
using Custody.Chain;
using Custody.Signer.Signing;
using Custody.State;

namespace Custody.Signer.Nonces;

/// <summary>
/// At start (docs/signing.md "Nonces"): for every registered wallet on the node's chain, compares the signer's next
/// nonce with the node's pending transaction count and reports the difference as <c>custody.signer.nonce.drift</c>
/// and a log line. It changes nothing: a positive drift is signed transactions not yet seen by this node (the
/// broadcaster's to send, or released nonces waiting for a request), a negative one transactions from this wallet
/// that the signer did not sign (the key was used elsewhere), which an operator must look at.
/// </summary>
public sealed partial class NonceReconciler(WalletRegistry wallets, WalletNonces nonces, EthereumNode node, SignerTelemetry telemetry, ILogger<NonceReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var chainId = await node.GetChainIdAsync(stoppingToken).ConfigureAwait(false);
            foreach (var wallet in (await wallets.ListAsync(ct: stoppingToken).ConfigureAwait(false)).Where(w => w.ChainIds.Contains(chainId)))
            {
                var next = await nonces.NextAsync(wallet.WalletId, chainId, stoppingToken).ConfigureAwait(false);
                var pending = await node.GetTransactionCountAsync(Address.Parse(wallet.Address), BlockTag.Pending, stoppingToken).ConfigureAwait(false);
                var drift = (long)next - (long)pending;
                telemetry.Drift(wallet.WalletId, chainId, drift);
                if (drift == 0)
                {
                    LogInStep(wallet.WalletId, chainId, next);
                }
                else
                {
                    LogDrift(wallet.WalletId, chainId, next, pending, drift);
                }
            }
        }
        catch (Exception e) when (e is NodeTransportException or JsonRpcException or HttpRequestException)
        {
            LogNodeUnavailable(e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet {WalletId} on chain {ChainId}: next nonce {Next}, as the node counts")]
    private partial void LogInStep(string walletId, ulong chainId, ulong next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {WalletId} on chain {ChainId}: the signer's next nonce is {Next}, the node's pending count {Pending} (drift {Drift})")]
    private partial void LogDrift(string walletId, ulong chainId, ulong next, ulong pending, long drift);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nonce reconciliation skipped: the node is not reachable ({Reason})")]
    private partial void LogNodeUnavailable(string reason);
}
