using Custody.Ethereum;
using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>The checks that a party's wallet record describes the share beside it.</summary>
internal static class ShareRecordMatch
{
    /// <summary>Parses an unsealed share and checks it against the record beside it; the caller disposes the share.</summary>
    public static KeyShare Open(ReadOnlySpan<byte> plaintext, PartyWalletRecord record, string party)
    {
        var share = KeyShareCodec.Deserialize(plaintext);
        try
        {
            Ensure(share, record, party);
            return share;
        }
        catch
        {
            share.Dispose();
            throw;
        }
    }

    public static void Ensure(KeyShare share, PartyWalletRecord record, string party)
    {
        if (!Matches(share, record, party))
        {
            throw Mismatch(share, record, party);
        }
    }

    /// <summary>The error naming every way the record does not describe the share.</summary>
    public static ShareStoreException Mismatch(KeyShare share, PartyWalletRecord record, string party) =>
        new($"wallet {record.WalletId}: {string.Join("; ", Failures(share, record, party))}");

    public static bool Matches(KeyShare share, PartyWalletRecord record, string party) => Failures(share, record, party).Count == 0;

    private static List<string> Failures(KeyShare share, PartyWalletRecord record, string party)
    {
        var publicKey = share.PublicKey.Encode();
        var failures = new List<string>();
        if (record.Party != party)
        {
            failures.Add($"the record is of party {record.Party}, this store is {party}'s");
        }

        if (!string.Equals(record.KeyId, Convert.ToHexStringLower(share.KeyId), StringComparison.Ordinal))
        {
            failures.Add("the record's key id is not the share's");
        }

        if (!string.Equals(record.PublicKey, Convert.ToHexStringLower(publicKey), StringComparison.Ordinal))
        {
            failures.Add("the record's public key is not the share's");
        }

        if (!string.Equals(record.Address, Address.FromPublicKey(publicKey).ToString(), StringComparison.Ordinal))
        {
            failures.Add("the record's address is not the public key's");
        }

        if (record.Threshold != share.Threshold || record.Parties.Count != share.Parties.Count ||
            !record.Parties.Values.Order().SequenceEqual(share.Parties.Select(p => (int)p.Value).Order()))
        {
            failures.Add("the record's threshold or party set is not the share's");
        }

        if (!record.Parties.TryGetValue(party, out var self) || self != share.Self.Value)
        {
            failures.Add($"the record does not map {party} to the share's party id {share.Self.Value}");
        }

        return failures;
    }
}
