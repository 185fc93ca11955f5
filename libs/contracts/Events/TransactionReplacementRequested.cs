namespace Custody.Contracts.Events;

/// <summary>
/// The broadcaster asks the signer to replace a stuck transaction: same nonce and intent, fees bumped by at least
/// the node's replacement minimum. Fees are decimal wei per gas. When the bumped fees fit the policy's fee cap,
/// <paramref name="RequiresNewApproval"/> is false and the signer may re-sign under the original approval; when they
/// do not, it is true, <paramref name="ApprovalReason"/> says which cap they exceed, and the replacement needs new
/// approvals (the fees shown are the bumped ones, not clipped to the cap). Ordering key: the wallet id.
/// </summary>
/// <param name="Nonce">The stuck transaction's account nonce, decimal.</param>
/// <param name="Attempt">1 for the first replacement asked for this request, then 2, 3...</param>
public sealed record TransactionReplacementRequested(
    string RequestId,
    string WalletId,
    ulong ChainId,
    string Nonce,
    string StuckTransactionHash,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    bool RequiresNewApproval,
    string? ApprovalReason,
    int Attempt,
    DateTimeOffset RequestedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.replacement-requested.v1";

    public static int SchemaVersion => 1;
}
