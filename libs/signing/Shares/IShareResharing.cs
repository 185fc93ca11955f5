using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// A party's side of moving a wallet to a new party set and/or threshold after a resharing (docs/mpc.md
/// "Resharing"), so that a crash at any step leaves a wallet the old set or the new set can sign with (docs/signing.md
/// "Share rotation after a resharing"). The coordinator's order, every step idempotent:
/// 1. every party of the new set stages its new share with its new wallet record (<see cref="StageReshareAsync"/>):
///    a staying party beside its current share, a joining party as its first (not yet current) share of the wallet;
/// 2. the new set signs a <see cref="ReshareConfirmation"/> with the staged shares read back from the stores;
/// 3. every party of the new set makes share and record current in one atomic step, keeping the old ones as retired
///    (<see cref="CommitReshareAsync"/>, which checks the confirmation);
/// 4. every leaving party checks the confirmation and deletes everything it holds of the wallet, keeping only a
///    <see cref="PartyDeparture"/> (<see cref="LeaveAsync"/>); staying parties delete the retired share
///    (<see cref="IShareRotation.DeleteRetiredAsync"/>).
/// Before the first commit every old party's current share is the old epoch; no commit and no deletion happens
/// before the confirmation, which shows at least t' new parties hold the new epoch durably.
/// </summary>
public interface IShareResharing : IShareRotation
{
    /// <summary>
    /// Seals and writes <paramref name="next"/> and <paramref name="nextRecord"/> (checked against each other) as the
    /// staged share and record of the record's wallet. A staying party: the same key (key id, public key, chain code)
    /// at exactly the next epoch, the same chains. A joining party (no share of the wallet): an epoch above 0 and, if
    /// it left the wallet before, above the epoch it left at, of the same key. Staging again replaces an uncommitted
    /// staged resharing; a staged refresh is refused (commit or restage it first).
    /// </summary>
    Task StageReshareAsync(KeyShare next, PartyWalletRecord nextRecord, CancellationToken cancellationToken);

    /// <summary>The staged wallet record of a staged resharing, or null when none is staged.</summary>
    Task<PartyWalletRecord?> FindStagedWalletAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the staged share and record current in one atomic step after checking that
    /// <paramref name="confirmation"/> is exactly the staged record at the staged epoch, signed under the wallet's key;
    /// a staying party keeps its old share as retired. Idempotent: a no-op when share and record are already the
    /// confirmed ones.
    /// </summary>
    Task CommitReshareAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken);

    /// <summary>
    /// For a party not in the new set: checks <paramref name="confirmation"/> (same wallet and key, a later epoch, a
    /// party set without this party, signed under the wallet's key), writes a <see cref="PartyDeparture"/>, then deletes
    /// every share and record it holds of the wallet. Afterwards the wallet is refused here. Idempotent once departed.
    /// </summary>
    Task LeaveAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken);

    /// <summary>The departure record when this party left the wallet, else null.</summary>
    Task<PartyDeparture?> FindDepartureAsync(string walletId, CancellationToken cancellationToken);
}
