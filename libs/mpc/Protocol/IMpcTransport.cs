namespace Custody.Mpc.Protocol;

/// <summary>
/// How parties exchange envelopes. The library does not implement it (services do, over gRPC). Contract:
/// <list type="bullet">
/// <item>the transport authenticates the sender: <see cref="MpcEnvelope.From"/> of a received envelope is the party
/// that really sent it (mutually authenticated channels);</item>
/// <item>direct (non-broadcast) envelopes are confidential: they carry Shamir shares and OT messages;</item>
/// <item>failures (peer unreachable, timeout, closed channel) surface as <see cref="MpcTransportException"/>.</item>
/// </list>
/// Broadcasts may be delivered point to point; the protocols detect equivocation themselves.
/// </summary>
public interface IMpcTransport
{
    /// <summary>Delivers an envelope: a broadcast to every other party of the session, a direct one to its recipient.</summary>
    ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>The next envelope addressed to this party (directly or as a broadcast), in any order.</summary>
    ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken);
}
