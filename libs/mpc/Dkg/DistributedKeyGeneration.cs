using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>
/// t-of-n distributed key generation (docs/mpc.md "DKG"): Pedersen-style DKG with Feldman VSS, every
/// dealer's polynomial committed before it is revealed, a Schnorr proof of knowledge of each constant term bound
/// to the session, a jointly generated chain code, pairwise zero-sharing seeds, base OT for every ordered pair,
/// and a confirmation round, after a session agreement (round 0) that binds the run to an id every party
/// contributed to. Four rounds; output: this party's <see cref="KeyShare"/>.
/// </summary>
public static class DistributedKeyGeneration
{
    /// <summary>
    /// The first round for this party. Party ids are the Shamir evaluation points: non-zero (enforced by
    /// <see cref="PartyId"/>), distinct (checked here) and below q (16-bit). 2 &lt;= t &lt;= n &lt;= 64.
    /// <paramref name="sessionId"/> is the caller's label of the run (16-64 bytes, the same at every party); with
    /// <paramref name="identities"/> every message is signed and every received one must carry its sender's signature.
    /// </summary>
    public static MpcRound<KeyShare> Start(ReadOnlySpan<byte> sessionId, PartyId self, IReadOnlyList<PartyId> parties, int threshold, MpcRandom random, PartyIdentities? identities = null)
    {
        ArgumentNullException.ThrowIfNull(parties);
        if (parties.Any(p => !p.IsValid))
        {
            throw new ArgumentException("party id 0 is not a valid Shamir evaluation point", nameof(parties));
        }

        if (parties.Count is < 2 or > KeyShare.MaxParties)
        {
            throw new ArgumentException("2..64 parties", nameof(parties));
        }

        if (threshold < 2 || threshold > parties.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "need 2 <= t <= n");
        }

        var context = new SessionContext(sessionId, MpcProtocol.Dkg, self, parties, random, identities);
        return new DkgRound0(context, new FreshKeyDealing(threshold));
    }

    /// <summary>Runs the DKG over a transport (see <see cref="MpcSessionRunner"/> for the errors).</summary>
    public static Task<KeyShare> RunAsync(ReadOnlySpan<byte> sessionId, PartyId self, IReadOnlyList<PartyId> parties, int threshold, MpcRandom random, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(sessionId, self, parties, threshold, random, identities), transport, cancellationToken);
}
