using System.Text.Json;
using Custody.Keys.Sealing;

namespace Custody.Signing.Shares;

/// <summary>What every share store binds into the sealing of a share, of the party's wallet record and of its departure record, and their checked reading.</summary>
internal static class ShareContexts
{
    public static SealingContext Share(string walletId, string party) => SealingContext.Create(walletId, party, 1);

    public static SealingContext Record(string walletId, string party) => SealingContext.Create(walletId, party + "/wallet-record", 1);

    public static SealingContext Departure(string walletId, string party) => SealingContext.Create(walletId, party + "/departure", 1);

    public static byte[] WriteRecord(PartyWalletRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, PartyWalletRecordJson.Default.PartyWalletRecord);

    public static byte[] WriteDeparture(PartyDeparture departure) => JsonSerializer.SerializeToUtf8Bytes(departure, PartyWalletRecordJson.Default.PartyDeparture);

    public static PartyDeparture ReadDeparture(ReadOnlySpan<byte> json, string walletId, string party)
    {
        var departure = JsonSerializer.Deserialize(json, PartyWalletRecordJson.Default.PartyDeparture)
            ?? throw new ShareStoreException($"the departure record of {walletId} is empty");
        if (departure.WalletId != walletId || departure.Party != party)
        {
            throw new ShareStoreException($"the departure record stored for {walletId} names wallet {departure.WalletId} of party {departure.Party}");
        }

        return departure;
    }

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
