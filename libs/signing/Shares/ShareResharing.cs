using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>Helpers over <see cref="IShareResharing"/>: the checks a staged resharing must pass and a party's share for the confirmation.</summary>
public static class ShareResharing
{
    /// <summary>
    /// This party's share for signing <paramref name="statement"/>'s confirmation: the share at the statement's epoch,
    /// read back from the store (so signing with it shows it is durable), whose record (staged or current) is exactly
    /// the statement. A party refuses to confirm a party set, threshold or chains it has not stored.
    /// </summary>
    public static async Task<KeyShare> UnsealToConfirmAsync<TStore>(TStore store, ReshareStatement statement, CancellationToken cancellationToken)
        where TStore : IShareStore, IShareResharing
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(statement);
        var share = await ShareRotation.UnsealAtEpochAsync(store, statement.WalletId, statement.Epoch, cancellationToken).ConfigureAwait(false);
        try
        {
            var staged = await store.FindStagedWalletAsync(statement.WalletId, cancellationToken).ConfigureAwait(false);
            var current = await store.FindWalletAsync(statement.WalletId, cancellationToken).ConfigureAwait(false);
            if (!new[] { staged, current }.Any(r => r is not null && ShareRecordMatch.Matches(share, r, r.Party) && statement.SameAs(ReshareStatement.Of(r, share))))
            {
                throw new ShareStoreException($"wallet {statement.WalletId}: {statement} is not what this party stored for epoch {statement.Epoch}");
            }

            return share;
        }
        catch
        {
            share.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The checks of <see cref="IShareResharing.StageReshareAsync"/>. <paramref name="current"/> and
    /// <paramref name="currentRecord"/> are null for a joining party; <paramref name="departure"/> is set when this
    /// party left the wallet before.
    /// </summary>
    internal static void EnsureSuccessor(KeyShare? current, PartyWalletRecord? currentRecord, PartyDeparture? departure, KeyShare next, PartyWalletRecord nextRecord, string party)
    {
        var walletId = nextRecord.WalletId;
        if (next.IsDerived)
        {
            throw new ShareStoreException($"wallet {walletId}: a derived share is never stored");
        }

        ShareRecordMatch.Ensure(next, nextRecord, party);
        if (current is not null && currentRecord is not null)
        {
            if (!current.KeyId.SequenceEqual(next.KeyId) || current.PublicKey != next.PublicKey || !current.ChainCode.SequenceEqual(next.ChainCode))
            {
                throw new ShareStoreException($"wallet {walletId}: the staged share is not a resharing of the current one (key id, public key or chain code differ)");
            }

            if (next.Epoch != current.Epoch + 1)
            {
                throw new ShareStoreException($"wallet {walletId}: the staged share has epoch {next.Epoch}, the current one {current.Epoch}; only epoch {current.Epoch + 1} can follow");
            }

            if (!currentRecord.ChainIds.SequenceEqual(nextRecord.ChainIds))
            {
                throw new ShareStoreException($"wallet {walletId}: a resharing keeps the wallet's chains");
            }

            return;
        }

        if (next.Epoch == 0)
        {
            throw new ShareStoreException($"wallet {walletId}: an epoch-0 share is a key ceremony's, stored with CreateAsync, not a resharing's");
        }

        if (departure is not null && (departure.KeyId != nextRecord.KeyId || next.Epoch <= departure.Epoch))
        {
            throw new ShareStoreException($"wallet {walletId}: {party} left this wallet at epoch {departure.Epoch}; only a later resharing of the same key adds it back (this share: epoch {next.Epoch})");
        }
    }
}
