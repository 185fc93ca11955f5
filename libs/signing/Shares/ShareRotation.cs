using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>Helpers over <see cref="IShareRotation"/>: the checks a staged share must pass and reading the share of an epoch.</summary>
public static class ShareRotation
{
    /// <summary>
    /// The share of <paramref name="walletId"/> at <paramref name="epoch"/>: the current one, or the staged one while a
    /// rotation is between its stage and its commit at this party (the other parties may have committed already); for
    /// a party joining in a resharing, which has no current share yet, only the staged one.
    /// </summary>
    public static async Task<KeyShare> UnsealAtEpochAsync<TStore>(TStore store, string walletId, uint epoch, CancellationToken cancellationToken)
        where TStore : IShareStore, IShareRotation
    {
        ArgumentNullException.ThrowIfNull(store);
        string currentEpoch = "none";
        if (await store.FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false) is not null)
        {
            var current = await store.UnsealShareAsync(walletId, cancellationToken).ConfigureAwait(false);
            if (current.Epoch == epoch)
            {
                return current;
            }

            currentEpoch = current.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            current.Dispose();
        }

        var staged = await store.UnsealStagedAsync(walletId, cancellationToken).ConfigureAwait(false);
        if (staged is not null && staged.Epoch == epoch)
        {
            return staged;
        }

        staged?.Dispose();
        throw new ShareStoreException($"no share of wallet {walletId} at epoch {epoch} is held (current epoch {currentEpoch})");
    }

    /// <summary>The checks of <see cref="IShareRotation.StageAsync"/>: same key, same party, next epoch.</summary>
    internal static void EnsureSuccessor(KeyShare current, KeyShare next, string walletId)
    {
        if (next.IsDerived)
        {
            throw new ShareStoreException($"wallet {walletId}: a derived share is never stored");
        }

        if (!current.KeyId.SequenceEqual(next.KeyId) || current.PublicKey != next.PublicKey || current.Self != next.Self
            || current.Threshold != next.Threshold || !current.Parties.SequenceEqual(next.Parties))
        {
            throw new ShareStoreException($"wallet {walletId}: the staged share is not a refresh of the current one (key, party set or party differ)");
        }

        if (next.Epoch != current.Epoch + 1)
        {
            throw new ShareStoreException($"wallet {walletId}: the staged share has epoch {next.Epoch}, the current one {current.Epoch}; only epoch {current.Epoch + 1} can follow");
        }
    }
}
