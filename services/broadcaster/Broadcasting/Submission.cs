using Custody.Chain;
using Custody.Ethereum;

namespace Custody.Broadcaster.Broadcasting;

/// <summary>What eth_sendRawTransaction came to: the node has the transaction (<see cref="How"/>), or refused it for good (<see cref="Refusal"/>).</summary>
public sealed record SubmissionOutcome(string? How, string? Refusal)
{
    public bool Accepted => How is not null;

    public static SubmissionOutcome Took(string how) => new(how, null);

    public static SubmissionOutcome Refused(string reason) => new(null, reason);
}

/// <summary>
/// Submits a signed transaction (Ethereum JSON-RPC eth_sendRawTransaction) and reads the node's answer:
/// accepted; "already known" (the pool has this exact transaction: success); "nonce too low" where our own hash has a
/// receipt (already mined: success); "nonce too low" otherwise (another transaction took the nonce: a permanent
/// failure); any other node error refused for good (insufficient funds, underpriced...: re-submitting the same bytes
/// cannot help; the request fails and an operator decides). Transport failures are thrown: the event is redelivered.
/// A node that answers with a hash other than ours is refused too (it is lying or broken).
/// </summary>
public sealed class Submission(EthereumNode node)
{
    public async Task<SubmissionOutcome> SubmitAsync(string rawHex, Bytes32 hash, ulong nonce, CancellationToken ct)
    {
        try
        {
            var answered = await node.SendRawTransactionAsync(Hex.Decode(rawHex), ct).ConfigureAwait(false);
            return answered == hash
                ? SubmissionOutcome.Took("submitted")
                : SubmissionOutcome.Refused($"the node answered hash {answered} for transaction {hash}");
        }
        catch (AlreadyKnownException)
        {
            return SubmissionOutcome.Took("already-known");
        }
        catch (NonceTooLowException)
        {
            return await node.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false) is { } receipt && receipt.TransactionHash == hash
                ? SubmissionOutcome.Took("already-mined")
                : SubmissionOutcome.Refused($"nonce {nonce} was already used by another transaction");
        }
        catch (JsonRpcException e)
        {
            return SubmissionOutcome.Refused("the node refused the transaction: " + Bounded(e.NodeMessage));
        }
    }

    /// <summary>A node's message is untrusted text: at most 200 characters into records and events.</summary>
    private static string Bounded(string message) => message.Length <= 200 ? message : message[..200] + "...";
}
