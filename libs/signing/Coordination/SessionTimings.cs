using System.Diagnostics;
using Custody.Mpc.Protocol;

namespace Custody.Signing.Coordination;

/// <summary>
/// Where a signing request's time went, seen from the coordinator (docs/signing.md "Coordination"): the checks
/// before any MPC round (its own decision, each co-signer's challenge, the attestation token and each co-signer's
/// admission of the invitation), and the DKLs23 sessions split into the coordinator's own work (round computation
/// and its durable ledger and signing-log writes) and the time it waited for the co-signers' messages (the relay
/// and the co-signers' own computation, which the coordinator cannot see apart). Sessions that failed count too.
/// </summary>
public sealed record SessionTimings(TimeSpan Checks, TimeSpan Compute, TimeSpan Relay)
{
    public TimeSpan Total => Checks + Compute + Relay;

    internal SessionTimings Add(SessionTimings other) => new(Checks + other.Checks, Compute + other.Compute, Relay + other.Relay);
}

/// <summary>A transport that counts the time its owner spends waiting in <see cref="ReceiveAsync"/>.</summary>
internal sealed class WaitTimingTransport(IMpcTransport inner) : IMpcTransport
{
    private long _waitingTicks;

    public TimeSpan Waiting => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks));

    public ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken) => inner.SendAsync(envelope, cancellationToken);

    public async ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - started);
        }
    }
}
