using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Refresh;

/// <summary>
/// Proactive key refresh (docs/mpc.md "Key refresh"): all n parties of a key re-randomise their Shamir shares with a
/// sharing of zero and run fresh base OT for every pair, through the DKG's rounds (session agreement, commit,
/// reveal with Feldman checks, echoes, confirmation) with <see cref="RefreshDealing"/>. The public key, key id,
/// address and chain code stay; the output share has epoch + 1 and every pair OT epoch + 1. Signing requires every
/// signer's epoch to be equal, and shares of two epochs lie on different polynomials, so old and new shares never
/// sign together. A pair discarded after a failed check is active again after a refresh (fresh base OT).
/// The caller stores the new share before deleting the old one (libs/signing KeyRotation).
/// </summary>
public static class KeyRefresh
{
    /// <summary>
    /// The first round for this party. <paramref name="sessionLabel"/> is the caller's id of the run (16-64 bytes,
    /// the same at every party). Every party of the key takes part (a party that is not reachable blocks the refresh;
    /// moving the key to the parties that are reachable is resharing). The current share is only read: keep it until
    /// the new one is stored.
    /// </summary>
    public static MpcRound<KeyShare> Start(KeyShare current, ReadOnlySpan<byte> sessionLabel, MpcRandom random, PartyIdentities? identities = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.IsDerived)
        {
            throw new ArgumentException("refresh the wallet's share, not a derived one", nameof(current));
        }

        var context = new SessionContext(sessionLabel, MpcProtocol.Refresh, current.Self, current.Parties, random, identities);
        return new DkgRound0(context, new RefreshDealing(current));
    }

    /// <summary>Runs the refresh over a transport (see <see cref="MpcSessionRunner"/> for the errors).</summary>
    public static Task<KeyShare> RunAsync(KeyShare current, ReadOnlySpan<byte> sessionLabel, MpcRandom random, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(current, sessionLabel, random, identities), transport, cancellationToken);
}
