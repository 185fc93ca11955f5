using Custody.Domain.Hashing;

namespace Custody.Domain.Intents;

/// <summary>
/// The canonical intent hash (docs/policy.md "Intent hash"), what approvers sign and every signing party
/// recomputes:
/// <code>
/// intentHash = TaggedHasher("custody/intent/v1")
///   0x01 requestId        UTF-8
///   0x02 chainId          u64 big-endian (8 bytes)
///   0x03 walletId         UTF-8
///   0x04 walletAddress    20 bytes (the sender)
///   0x05 to               20 bytes (the transaction's target)
///   0x06 value            32 bytes big-endian (wei)
///   0x07 data             calldata bytes (possibly empty)
///   0x08 asset            1 byte kind (0 native, 1 ERC-20) || 20-byte contract (zero for native)
///   0x09 destination      20 bytes
///   0x0A amount           32 bytes big-endian (base units)
///   0x0B callKind         1 byte (see CallKind)
///   0x0C initiator        UTF-8
/// </code>
/// Fields 0x08-0x0B are derived from 0x05-0x07, and are hashed so that the hash names exactly what the
/// approver was shown.
/// </summary>
public static class IntentHash
{
    public const string Domain = "custody/intent/v1";

    public static Hash32 Compute(TransactionIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        Span<byte> asset = stackalloc byte[21];
        asset[0] = (byte)intent.Asset.Kind;
        intent.Asset.Contract.Span.CopyTo(asset[1..]);
        var digest = new TaggedHasher(Domain)
            .AddUtf8(0x01, intent.RequestId)
            .AddUInt64(0x02, intent.ChainId)
            .AddUtf8(0x03, intent.WalletId)
            .Add(0x04, intent.WalletAddress.Span)
            .Add(0x05, intent.To.Span)
            .Add(0x06, intent.Value.ToBigEndianBytes())
            .Add(0x07, intent.Data)
            .Add(0x08, asset)
            .Add(0x09, intent.Destination.Span)
            .Add(0x0A, intent.Amount.ToBigEndianBytes())
            .Add(0x0B, [(byte)intent.Kind])
            .AddUtf8(0x0C, intent.Initiator)
            .Finish();
        return Hash32.Create(digest);
    }
}
