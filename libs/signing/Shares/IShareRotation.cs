using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// Replacing a wallet's share with the output of a key refresh so that a crash at any point leaves a share that
/// signs (docs/signing.md "Share rotation"): the new share is sealed and written beside the current one
/// (<see cref="StageAsync"/>), becomes current in one atomic write while the old one is kept as retired
/// (<see cref="CommitAsync"/>), and only then is the old one deleted (<see cref="DeleteRetiredAsync"/>). Every step is
/// idempotent, so a restarted party repeats the step it crashed in. Across parties: commit only after every party
/// has staged; from then on every party holds the new epoch (staged or current), before it every party holds the
/// old one as current, so some epoch is always held by all (<see cref="ShareRotation.UnsealAtEpochAsync"/>).
/// </summary>
public interface IShareRotation
{
    /// <summary>
    /// Seals and writes <paramref name="next"/> as the staged share of <paramref name="walletId"/>; the current share
    /// is untouched. It must be the same key (key id, public key, party set, this party) at the next epoch.
    /// Staging again replaces an uncommitted staged share.
    /// </summary>
    Task StageAsync(string walletId, KeyShare next, CancellationToken cancellationToken);

    /// <summary>The staged share (the caller disposes it), or null when none is staged.</summary>
    Task<KeyShare?> UnsealStagedAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the staged share of <paramref name="epoch"/> current in one atomic write and keeps the old one as retired.
    /// Idempotent: a no-op when the current share already has that epoch.
    /// </summary>
    Task CommitAsync(string walletId, uint epoch, CancellationToken cancellationToken);

    /// <summary>Deletes the retired share, if any (idempotent). After this, the old epoch is gone from this party.</summary>
    Task DeleteRetiredAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>Whether a retired share is still held (for recovery and tests).</summary>
    Task<bool> HoldsRetiredAsync(string walletId, CancellationToken cancellationToken);
}
