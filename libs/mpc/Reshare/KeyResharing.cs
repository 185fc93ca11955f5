using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Reshare;

/// <summary>
/// Resharing (docs/mpc.md "Resharing"): moves a key to a new party set and/or threshold with the same public key, key
/// id and chain code (so the same address and xpub), through the DKG's rounds with <see cref="ReshareDealing"/>. A
/// quorum of old parties deals its Lagrange-weighted shares to the new parties; the new parties get fresh pairwise
/// OT among themselves; the new shares have epoch + 1. Parties that leave receive nothing and end with an old-epoch
/// share that no new party signs with (signing requires equal epochs): they delete it once the new set has stored its
/// shares (libs/signing "Share rotation").
/// </summary>
public static class KeyResharing
{
    /// <summary>
    /// The first round for <paramref name="self"/>, a participant of <paramref name="plan"/> (a quorum dealer, a new
    /// party, or both). <paramref name="current"/> is this party's share of the old key: required for a quorum dealer
    /// (only read: keep it until the new shares are stored), and when given it must be of the plan's key and epoch.
    /// <paramref name="sessionLabel"/>: 16-64 bytes, the same at every participant.
    /// </summary>
    public static MpcRound<ReshareOutcome> Start(ResharePlan plan, PartyId self, KeyShare? current, ReadOnlySpan<byte> sessionLabel, MpcRandom random, PartyIdentities? identities = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Participants.Contains(self))
        {
            throw new ArgumentException($"{self} is neither a dealer of the quorum nor a party of the new set", nameof(self));
        }

        if (current is null && plan.Quorum.Contains(self))
        {
            throw new ArgumentException($"{self} deals in the quorum and needs its share of the old key", nameof(current));
        }

        if (current is not null)
        {
            if (current.IsDerived)
            {
                throw new ArgumentException("reshare the wallet's share, not a derived one", nameof(current));
            }

            if (current.Self != self || !current.PublicView().SameAs(plan.OldKey))
            {
                throw new ArgumentException("the share is not this party's share of the plan's key at the plan's epoch", nameof(current));
            }
        }

        var context = new SessionContext(sessionLabel, MpcProtocol.Reshare, self, plan.Participants, random, identities);
        return new DkgRound0<ReshareOutcome>(context, new ReshareDealing(plan, self, current));
    }

    /// <summary>Runs the resharing over a transport (see <see cref="MpcSessionRunner"/> for the errors).</summary>
    public static Task<ReshareOutcome> RunAsync(ResharePlan plan, PartyId self, KeyShare? current, ReadOnlySpan<byte> sessionLabel, MpcRandom random, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(plan, self, current, sessionLabel, random, identities), transport, cancellationToken);
}
