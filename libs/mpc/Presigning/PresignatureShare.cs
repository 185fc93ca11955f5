using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Presigning;

/// <summary>
/// One party's share of a presignature: DKLs23 Protocol 3.6 run up to the message (steps 1-2 and their checks)
/// between a fixed set of parties of one key (docs/mpc.md "Presignatures"). Public: the presignature id (the agreed
/// session id of the run that made it, random and the same at every party), the wallet, key id and epoch, this
/// party, the party set and R. Secret: phi_i, u_i, v_i. It finishes exactly one message
/// (<see cref="PresignatureConsumption"/>, through an <see cref="IPresignatureStore"/>); two messages on it would
/// reveal phi_i and v_i. Serialise only with <see cref="PresignatureCodec"/> and seal the bytes. Dispose wipes it.
/// </summary>
public sealed class PresignatureShare : IDisposable
{
    public const int IdLength = 32;

    /// <summary>Longest wallet id, in UTF-8 bytes (the sealing context's limit).</summary>
    public const int MaxWalletIdBytes = 128;

    private readonly byte[] _id;
    private readonly byte[] _keyId;

    internal PresignatureShare(ReadOnlySpan<byte> id, string walletId, ReadOnlySpan<byte> keyId, uint epoch, PartyId self, IReadOnlyList<PartyId> parties, PresignedValues values)
    {
        ValidateWalletId(walletId);
        if (id.Length != IdLength || keyId.Length != Keys.KeyShare.KeyIdLength)
        {
            throw new ArgumentException("a presignature id and a key id are 32 bytes each");
        }

        var sorted = parties.OrderBy(p => p).ToArray();
        if (sorted.Length < 2 || sorted.Distinct().Count() != sorted.Length || !sorted.Contains(self) || sorted.Length > Keys.KeyShare.MaxParties)
        {
            throw new ArgumentException("the party set must hold 2 or more distinct parties, this party among them", nameof(parties));
        }

        if (values.InstancePoint.IsInfinity || values.U.IsZero || values.InversionMask.IsZero)
        {
            throw new ArgumentException("R is the point at infinity, or u_i or phi_i is zero", nameof(values));
        }

        _id = id.ToArray();
        _keyId = keyId.ToArray();
        WalletId = walletId;
        Epoch = epoch;
        Self = self;
        Parties = sorted;
        Values = values;
    }

    /// <summary>The presignature's id: the agreed session id of the presigning run (32 random-looking bytes, the same at every party).</summary>
    public ReadOnlySpan<byte> Id => _id;

    /// <summary>The wallet the presignature was made for (the caller's name for the key).</summary>
    public string WalletId { get; }

    /// <summary>The key id (<see cref="Keys.KeyShare.KeyId"/>) of the share it was made with.</summary>
    public ReadOnlySpan<byte> KeyId => _keyId;

    /// <summary>The share epoch it was made with: a refreshed share does not finish an older presignature.</summary>
    public uint Epoch { get; }

    public PartyId Self { get; }

    /// <summary>The parties that made it, ascending: exactly these sign with it.</summary>
    public IReadOnlyList<PartyId> Parties { get; }

    /// <summary>R, the signature's nonce point (public; r = x(R) mod q).</summary>
    public Point InstancePoint => Values.InstancePoint;

    internal PresignedValues Values { get; }

    internal byte[] IdBytes => _id.ToArray();

    internal byte[] KeyIdBytes => _keyId.ToArray();

    public void Dispose() => Values.Wipe();

    public override string ToString() => $"PresignatureShare(id={Convert.ToHexStringLower(_id)}, wallet={WalletId}, party={Self}, epoch={Epoch})";

    internal static void ValidateWalletId(string walletId)
    {
        ArgumentException.ThrowIfNullOrEmpty(walletId);
        if (System.Text.Encoding.UTF8.GetByteCount(walletId) > MaxWalletIdBytes)
        {
            throw new ArgumentException($"a wallet id is at most {MaxWalletIdBytes} UTF-8 bytes", nameof(walletId));
        }
    }
}
