using System.Buffers.Binary;
using System.Text;
using Custody.Mpc.Keys;
using Custody.Mpc.Wire;

namespace Custody.Signing.Shares;

/// <summary>
/// What the new party set of a resharing confirms (docs/signing.md "Share rotation after a resharing"): the wallet, its
/// key (key id and public key, unchanged by a resharing), the new epoch, the new sharing (the digest of its public view:
/// every new public share, so a confirmation is of one run of the resharing only), threshold, party set (name to MPC
/// party id) and the chains. <see cref="Digest"/> is what the new set signs with the wallet's key to make a
/// <see cref="ReshareConfirmation"/>.
/// </summary>
/// <param name="KeyId">Hex of the key id, as in <see cref="PartyWalletRecord.KeyId"/>.</param>
/// <param name="PublicKey">Hex of the compressed public key, as in <see cref="PartyWalletRecord.PublicKey"/>.</param>
/// <param name="Sharing">Hex of <see cref="KeyPublicView.Digest"/> of the new shares' public view.</param>
public sealed record ReshareStatement(
    string WalletId,
    string KeyId,
    string PublicKey,
    uint Epoch,
    string Sharing,
    int Threshold,
    IReadOnlyDictionary<string, int> Parties,
    IReadOnlyList<ulong> ChainIds)
{
    private static readonly byte[] Domain = "custody/signing/reshare-confirmation/v1"u8.ToArray();

    /// <summary>The statement a new party's record (of the wallet after the resharing) and its new share make.</summary>
    public static ReshareStatement Of(PartyWalletRecord newRecord, KeyShare newShare)
    {
        ArgumentNullException.ThrowIfNull(newRecord);
        ArgumentNullException.ThrowIfNull(newShare);
        return new(newRecord.WalletId, newRecord.KeyId, newRecord.PublicKey, newShare.Epoch, Convert.ToHexStringLower(newShare.PublicView().Digest()), newRecord.Threshold, newRecord.Parties, newRecord.ChainIds);
    }

    /// <summary>
    /// SHA-256 over a domain tag and every field, each length-prefixed, parties sorted by name: an unambiguous
    /// encoding, and a hash no Ethereum transaction's Keccak-256 signing hash can equal.
    /// </summary>
    public byte[] Digest()
    {
        using var writer = new WireWriter();
        writer.WriteBytes(Domain);
        writer.WriteBytes(Encoding.UTF8.GetBytes(WalletId));
        writer.WriteBytes(Encoding.UTF8.GetBytes(KeyId));
        writer.WriteBytes(Encoding.UTF8.GetBytes(PublicKey));
        writer.WriteUInt32(Epoch);
        writer.WriteBytes(Encoding.UTF8.GetBytes(Sharing));
        writer.WriteUInt32(checked((uint)Threshold));
        writer.WriteUInt32(checked((uint)Parties.Count));
        foreach (var (name, id) in Parties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteBytes(Encoding.UTF8.GetBytes(name));
            writer.WriteUInt32(checked((uint)id));
        }

        writer.WriteUInt32(checked((uint)ChainIds.Count));
        Span<byte> chainId = stackalloc byte[8];
        foreach (var id in ChainIds)
        {
            BinaryPrimitives.WriteUInt64BigEndian(chainId, id);
            writer.WriteFixed(chainId);
        }

        return writer.Sha256();
    }

    /// <summary>Field-by-field equality (the record's generated one compares the collections by reference).</summary>
    public bool SameAs(ReshareStatement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WalletId == other.WalletId && KeyId == other.KeyId && PublicKey == other.PublicKey && Epoch == other.Epoch
            && Sharing == other.Sharing            && Threshold == other.Threshold && ChainIds.SequenceEqual(other.ChainIds)
            && Parties.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(other.Parties.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    public override string ToString() =>
        $"ReshareStatement({WalletId}, {Threshold}-of-{Parties.Count} [{string.Join(", ", Parties.OrderBy(p => p.Value).Select(p => $"{p.Key}={p.Value}"))}], epoch {Epoch})";
}
