using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Presigning;

/// <summary>
/// A request to finish one presignature with one message: which presignature (wallet and id) and what the party
/// expects of it (the key id and epoch of its current share, itself, the signing set) and the 32-byte message hash
/// the party computed. A store refuses, without consuming anything, a presignature whose stored wallet, key, epoch,
/// party or party set differ.
/// </summary>
public sealed class PresignatureRequest
{
    private readonly byte[] _id;
    private readonly byte[] _keyId;
    private readonly byte[] _messageHash;

    public PresignatureRequest(string walletId, ReadOnlySpan<byte> presignatureId, KeyShare share, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash)
        : this(walletId, presignatureId, ValidShare(share).KeyId, share.Epoch, share.Self, signers, messageHash)
    {
    }

    internal PresignatureRequest(string walletId, ReadOnlySpan<byte> presignatureId, ReadOnlySpan<byte> keyId, uint epoch, PartyId self, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash)
    {
        PresignatureShare.ValidateWalletId(walletId);
        ArgumentNullException.ThrowIfNull(signers);
        if (presignatureId.Length != PresignatureShare.IdLength)
        {
            throw new ArgumentException("a presignature id is 32 bytes", nameof(presignatureId));
        }

        if (messageHash.Length != ThresholdSigning.MessageHashLength)
        {
            throw new ArgumentException("the message hash is 32 bytes", nameof(messageHash));
        }

        WalletId = walletId;
        _id = presignatureId.ToArray();
        _keyId = keyId.ToArray();
        Epoch = epoch;
        Self = self;
        Signers = signers.OrderBy(p => p).ToArray();
        _messageHash = messageHash.ToArray();
    }

    public string WalletId { get; }

    public ReadOnlySpan<byte> PresignatureId => _id;

    public ReadOnlySpan<byte> KeyId => _keyId;

    public uint Epoch { get; }

    public PartyId Self { get; }

    /// <summary>The signing set, ascending.</summary>
    public IReadOnlyList<PartyId> Signers { get; }

    public ReadOnlySpan<byte> MessageHash => _messageHash;

    /// <summary>Hex of the presignature id: a store's document key.</summary>
    public string IdHex => Convert.ToHexStringLower(_id);

    /// <summary>Why <paramref name="stored"/> is not the presignature this request may finish, or null when it is.</summary>
    internal string? MismatchWith(string walletId, ReadOnlySpan<byte> id, ReadOnlySpan<byte> keyId, uint epoch, PartyId self, IReadOnlyList<PartyId> parties) =>
        walletId != WalletId ? "it belongs to another wallet"
        : !id.SequenceEqual(_id) ? "the stored presignature carries another id"
        : !keyId.SequenceEqual(_keyId) ? "it was made with another key"
        : epoch != Epoch ? $"it was made with the share of epoch {epoch}, this party's share is of epoch {Epoch}"
        : self != Self ? "it belongs to another party"
        : !parties.SequenceEqual(Signers) ? "it was made by another party set than the signers asked for"
        : null;

    /// <summary>The refusal when <paramref name="share"/> is not the presignature this request may finish, or null when it is.</summary>
    internal PresignatureRefusedException? MismatchOf(PresignatureShare share) =>
        MismatchWith(share.WalletId, share.Id, share.KeyId, share.Epoch, share.Self, share.Parties) is { } reason
            ? new PresignatureRefusedException($"presignature {IdHex} of wallet {WalletId} refused: {reason}")
            : null;

    private static KeyShare ValidShare(KeyShare share) => share ?? throw new ArgumentNullException(nameof(share));
}
