using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Round 0 of signing and of the DKG (docs/mpc.md "Session model"): every party broadcasts a fresh contribution and
/// the digest of the request it was given. The parties must have been given the same request (else the coordinator
/// sent different ones: an abort that blames nobody, before any secret-dependent message), and the session id every
/// later message, commitment, proof, zero share and OT pad is bound to is SHA-256 over the request digest and every
/// party's contribution. No two runs share it, even under the same caller's label (a retry, a restart, a replica),
/// which is also what makes a signed statement bound to it a proof (<see cref="SignedStatement"/>).
/// </summary>
internal static class SessionAgreement
{
    /// <summary>This party's round-0 broadcast: a fresh contribution from the run's randomness and the request digest.</summary>
    public static AgreementBroadcast Broadcast(SessionContext context, byte[] requestDigest)
    {
        var contribution = new byte[AgreementBroadcast.ContributionLength];
        context.Random.Fill(contribution);
        return new AgreementBroadcast(contribution, requestDigest);
    }

    /// <summary>Checks every party was given this party's request, then derives the agreed session id.</summary>
    public static byte[] Agree(SessionContext context, ReadOnlySpan<byte> domain, AgreementBroadcast own, Func<PartyId, AgreementBroadcast> broadcastOf, string what)
    {
        foreach (var from in context.Others)
        {
            if (!broadcastOf(from).RequestDigest.AsSpan().SequenceEqual(own.RequestDigest))
            {
                throw new MpcAbortException([], $"{what}: party {from} was given a different request than this party; the coordinator sent different requests");
            }
        }

        using var writer = new WireWriter(64 + (34 * context.Parties.Count));
        writer.WriteBytes(domain);
        writer.WriteFixed(own.RequestDigest);
        foreach (var party in context.Parties)
        {
            WireCodec.WritePartyId(writer, party);
            writer.WriteFixed(party == context.Self ? own.Contribution : broadcastOf(party).Contribution);
        }

        return writer.Sha256();
    }
}
