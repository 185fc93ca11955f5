using Custody.Contracts.Events;
using Custody.Domain.Hashing;

namespace Custody.State;

/// <summary>
/// The SHA-256 of a request's canonical body, for idempotency on requestId (docs/state.md, "transactions"):
/// the same body again gets the original outcome, a different body under a used requestId is a conflict.
/// Every field of <see cref="TransactionRequested"/> is hashed exactly as received (strings byte for byte,
/// requestedAt as UTC ticks, so two spellings of one instant are the same body):
/// <code>
/// TaggedHasher("custody/request-body/v1")
///   0x01 requestId  0x02 walletId  0x03 walletAddress  0x04 chainId (u64)  0x05 to  0x06 value
///   0x07 data  0x08 initiator  0x09 requestedAt (i64, UTC ticks)
/// </code>
/// </summary>
public static class RequestFingerprint
{
    public const string Domain = "custody/request-body/v1";

    /// <summary>0x + 64 lower-case hex digits.</summary>
    public static string Compute(TransactionRequested request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var digest = new TaggedHasher(Domain)
            .AddUtf8(0x01, request.RequestId)
            .AddUtf8(0x02, request.WalletId)
            .AddUtf8(0x03, request.WalletAddress)
            .AddUInt64(0x04, request.ChainId)
            .AddUtf8(0x05, request.To)
            .AddUtf8(0x06, request.Value)
            .AddUtf8(0x07, request.Data)
            .AddUtf8(0x08, request.Initiator)
            .AddInt64(0x09, request.RequestedAt.UtcTicks)
            .Finish();
        return Hash32.Create(digest).ToString();
    }
}
