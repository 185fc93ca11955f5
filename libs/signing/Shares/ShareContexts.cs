using System.Text.Json;
using Custody.Keys.Sealing;

namespace Custody.Signing.Shares;

/// <summary>What every share store binds into the sealing of a share and of the party's wallet record, and the record's checked reading.</summary>
internal static class ShareContexts
{
    public static SealingContext Share(string walletId, string party) => SealingContext.Create(walletId, party, 1);

    public static SealingContext Record(string walletId, string party) => SealingContext.Create(walletId, party + "/wallet-record", 1);

    public static PartyWalletRecord ReadRecord(ReadOnlySpan<byte> json, string walletId, string party)
    {
        var record = JsonSerializer.Deserialize(json, PartyWalletRecordJson.Default.PartyWalletRecord)
            ?? throw new ShareStoreException($"the wallet record of {walletId} is empty");
        if (record.WalletId != walletId || record.Party != party)
        {
            throw new ShareStoreException($"the wallet record stored for {walletId} names wallet {record.WalletId} of party {record.Party}");
        }

        return record;
    }
}
