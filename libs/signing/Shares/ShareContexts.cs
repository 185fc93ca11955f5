using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    public static PartyDeparture ReadDeparture(ReadOnlySpan<byte> json, string walletId, string party) =>
        ReadChecked(json, PartyWalletRecordJson.Default.PartyDeparture, "departure record", walletId, party, d => (d.WalletId, d.Party));

    public static PartyWalletRecord ReadRecord(ReadOnlySpan<byte> json, string walletId, string party) =>
        ReadChecked(json, PartyWalletRecordJson.Default.PartyWalletRecord, "wallet record", walletId, party, r => (r.WalletId, r.Party));

    /// <summary>Reads a sealed record's JSON and checks it names the wallet and party it was stored for.</summary>
    private static T ReadChecked<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string what, string walletId, string party, Func<T, (string WalletId, string Party)> owner)
    {
        var value = JsonSerializer.Deserialize(json, type) ?? throw new ShareStoreException($"the {what} of {walletId} is empty");
        var (storedWallet, storedParty) = owner(value);
        if (storedWallet != walletId || storedParty != party)
        {
            throw new ShareStoreException($"the {what} stored for {walletId} names wallet {storedWallet} of party {storedParty}");
        }

        return value;
    }
}
