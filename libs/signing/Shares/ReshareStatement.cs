using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Custody.Signing.Shares;

/// <summary>
/// What the new party set of a resharing confirms (docs/signing.md "Share rotation after a resharing"): the wallet, its
/// key (key id and public key, unchanged by a resharing), the new epoch, threshold and party set (name to MPC party id)
/// and the chains. <see cref="Digest"/> is what the new set signs with the wallet's key to make a
/// <see cref="ReshareConfirmation"/>.
/// </summary>
/// <param name="KeyId">Hex of the key id, as in <see cref="PartyWalletRecord.KeyId"/>.</param>
/// <param name="PublicKey">Hex of the compressed public key, as in <see cref="PartyWalletRecord.PublicKey"/>.</param>
public sealed record ReshareStatement(
    string WalletId,
    string KeyId,
    string PublicKey,
    uint Epoch,
    int Threshold,
    IReadOnlyDictionary<string, int> Parties,
    IReadOnlyList<ulong> ChainIds)
{
    private static readonly byte[] Domain = "custody/signing/reshare-confirmation/v1"u8.ToArray();

    /// <summary>The statement a new party's record (of the wallet after the resharing) and its new share's epoch make.</summary>
    public static ReshareStatement Of(PartyWalletRecord newRecord, uint epoch)
    {
        ArgumentNullException.ThrowIfNull(newRecord);
        return new(newRecord.WalletId, newRecord.KeyId, newRecord.PublicKey, epoch, newRecord.Threshold, newRecord.Parties, newRecord.ChainIds);
    }

    /// <summary>
    /// SHA-256 over a domain tag and every field, each length-prefixed, parties sorted by name: an unambiguous
    /// encoding, and a hash no Ethereum transaction's Keccak-256 signing hash can equal.
    /// </summary>
    public byte[] Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(hash, Domain);
        AppendField(hash, Encoding.UTF8.GetBytes(WalletId));
        AppendField(hash, Encoding.UTF8.GetBytes(KeyId));
        AppendField(hash, Encoding.UTF8.GetBytes(PublicKey));
        AppendUInt64(hash, Epoch);
        AppendUInt64(hash, checked((ulong)Threshold));
        AppendUInt64(hash, checked((ulong)Parties.Count));
        foreach (var (name, id) in Parties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendField(hash, Encoding.UTF8.GetBytes(name));
            AppendUInt64(hash, checked((ulong)id));
        }

        AppendUInt64(hash, checked((ulong)ChainIds.Count));
        foreach (var chainId in ChainIds)
        {
            AppendUInt64(hash, chainId);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Field-by-field equality (the record's generated one compares the collections by reference).</summary>
    public bool SameAs(ReshareStatement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WalletId == other.WalletId && KeyId == other.KeyId && PublicKey == other.PublicKey && Epoch == other.Epoch
            && Threshold == other.Threshold && ChainIds.SequenceEqual(other.ChainIds)
            && Parties.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(other.Parties.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    public override string ToString() =>
        $"ReshareStatement({WalletId}, {Threshold}-of-{Parties.Count} [{string.Join(", ", Parties.OrderBy(p => p.Value).Select(p => $"{p.Key}={p.Value}"))}], epoch {Epoch})";

    private static void AppendField(IncrementalHash hash, byte[] bytes)
    {
        AppendUInt64(hash, checked((ulong)bytes.Length));
        hash.AppendData(bytes);
    }

    private static void AppendUInt64(IncrementalHash hash, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
