using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// The new party set's confirmation that it holds its shares of a resharing (docs/signing.md "Share rotation after a
/// resharing"): an ECDSA signature under the wallet's own public key over <see cref="ReshareStatement.Digest"/>,
/// made by the new parties with the new-epoch shares each read back from its share store
/// (<see cref="ShareResharing.UnsealToConfirmAsync"/>). Threshold signing needs at least t' shares of one epoch, and
/// the statement's epoch is one no old share has, so the signature shows that at least t' parties of the new set hold
/// durable new shares: the new set can sign. Every party checks it before it commits its new share, and a leaving
/// party before it deletes its old one.
/// </summary>
public sealed class ReshareConfirmation
{
    public ReshareConfirmation(ReshareStatement statement, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Statement = statement;
        Signature = signature;
    }

    public ReshareStatement Statement { get; }

    public Signature Signature { get; }

    public override string ToString() => $"ReshareConfirmation({Statement})";

    /// <summary>
    /// The checks before a party of the new set makes its staged share current: the statement is exactly the staged
    /// record and the staged share's sharing (epoch and public view), and the signature verifies under the wallet's key.
    /// </summary>
    internal void EnsureConfirms(PartyWalletRecord stagedRecord, KeyShare staged)
    {
        var expected = ReshareStatement.Of(stagedRecord, staged);
        if (!Statement.SameAs(expected))
        {
            throw new ShareStoreException($"wallet {stagedRecord.WalletId}: the confirmation {Statement} is not of the staged resharing ({expected})");
        }

        EnsureSigned(stagedRecord.WalletId);
    }

    /// <summary>
    /// The checks before a leaving party deletes its share: the same wallet and key, a later epoch than the share's,
    /// a new party set without this party, and the signature under the wallet's key. An older confirmation (replayed
    /// from an earlier resharing) names an epoch the share already has or exceeds, so it is refused.
    /// </summary>
    internal void EnsureReleases(PartyWalletRecord record, KeyShare current)
    {
        var failures = new List<string>();
        if (Statement.WalletId != record.WalletId || Statement.KeyId != record.KeyId || Statement.PublicKey != record.PublicKey)
        {
            failures.Add("it is of another wallet or key");
        }

        if (Statement.Epoch <= current.Epoch)
        {
            failures.Add($"its epoch {Statement.Epoch} does not follow this share's epoch {current.Epoch}");
        }

        if (Statement.Parties.ContainsKey(record.Party))
        {
            failures.Add($"its party set keeps {record.Party}");
        }

        if (failures.Count > 0)
        {
            throw new ShareStoreException($"wallet {record.WalletId}: the confirmation {Statement} does not release {record.Party}'s share: {string.Join("; ", failures)}");
        }

        EnsureSigned(record.WalletId);
    }

    private void EnsureSigned(string walletId)
    {
        byte[] expected;
        byte[] recovered;
        try
        {
            expected = Point.Decode(Convert.FromHexString(Statement.PublicKey)).EncodeUncompressed()[1..];
            recovered = SignatureRecovery.RecoverPublicKey(Statement.Digest(), Signature);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EthereumFormatException)
        {
            throw new ShareStoreException($"wallet {walletId}: the confirmation's signature or public key cannot be read: {e.Message}", e);
        }

        if (!recovered.AsSpan().SequenceEqual(expected))
        {
            throw new ShareStoreException($"wallet {walletId}: the confirmation is not signed by the wallet's key");
        }
    }
}
