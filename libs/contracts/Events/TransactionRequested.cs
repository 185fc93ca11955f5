namespace Custody.Contracts.Events;

/// <summary>
/// An upstream application asks to move assets out of a wallet. The fields are the raw transaction the
/// wallet is asked to send; ERC-20 calls are decoded downstream so that rules see the token, the real
/// recipient and the token amount. JSON schema: docs/schemas/transaction-request.schema.json.
/// </summary>
/// <param name="RequestId">Caller-chosen unique id, 1-128 chars of [A-Za-z0-9._:-].</param>
/// <param name="WalletId">The custody wallet id, 1-128 chars of [A-Za-z0-9._:-].</param>
/// <param name="WalletAddress">The wallet's address (the transaction's sender), EIP-55 checksummed.</param>
/// <param name="ChainId">EIP-155 chain id, at least 1.</param>
/// <param name="To">The transaction's target (recipient or contract), EIP-55 checksummed.</param>
/// <param name="Value">Native value in base units (wei), decimal digits, at most 2^256-1.</param>
/// <param name="Data">Calldata as 0x-hex ("0x" when empty).</param>
/// <param name="Initiator">Who asked: a service or person id, 1-128 printable chars.</param>
/// <param name="RequestedAt">When the upstream application made the request (UTC).</param>
public sealed record TransactionRequested(
    string RequestId,
    string WalletId,
    string WalletAddress,
    ulong ChainId,
    string To,
    string Value,
    string Data,
    string Initiator,
    DateTimeOffset RequestedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.requested.v1";

    public static int SchemaVersion => 1;

    /// <summary>Shape checks of this contract (formats and ranges), each as "path: reason".</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        WireFormat.CheckId(errors, "$.requestId", RequestId);
        WireFormat.CheckId(errors, "$.walletId", WalletId);
        WireFormat.CheckAddress(errors, "$.walletAddress", WalletAddress);
        if (ChainId == 0)
        {
            errors.Add("$.chainId: must be at least 1");
        }

        WireFormat.CheckAddress(errors, "$.to", To);
        WireFormat.CheckAmount(errors, "$.value", Value);
        WireFormat.CheckHex(errors, "$.data", Data);
        WireFormat.CheckText(errors, "$.initiator", Initiator);
        return errors;
    }
}
