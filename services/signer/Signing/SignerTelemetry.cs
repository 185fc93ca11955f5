using System.Diagnostics.Metrics;

namespace Custody.Signer.Signing;

/// <summary>The signer's metrics (meter <c>Custody.Signer</c>, exported by libs/servicedefaults).</summary>
public sealed class SignerTelemetry : IDisposable
{
    public const string MeterName = "Custody.Signer";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _sessions;
    private readonly Histogram<double> _phases;
    private readonly Dictionary<(string Wallet, ulong Chain), long> _drift = [];

    public SignerTelemetry()
    {
        _outcomes = _meter.CreateCounter<long>("custody.signer.requests", "{request}", "Approved requests and fee replacements by signing outcome (signed, refused, retried; replaced, replacement-refused).");
        _sessions = _meter.CreateHistogram<double>("custody.signer.session.duration", "ms", "One signing request from the signer's own checks to the verified signature, co-signer retries included.");
        _phases = _meter.CreateHistogram<double>("custody.signer.session.phase.duration", "ms", "A signing request's time by phase (checks, compute, relay; docs/signing.md \"Coordination\").");
        _meter.CreateObservableGauge("custody.signer.nonce.drift", ObserveDrift, "{nonce}", "The signer's next nonce minus the node's pending transaction count, per wallet and chain, at start.");
    }

    public void Outcome(string outcome) => _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Session(double milliseconds, int cosignerAttempts, Custody.Signing.Coordination.SessionTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        _sessions.Record(milliseconds, new KeyValuePair<string, object?>("cosigner.failures", cosignerAttempts));
        _phases.Record(timings.Checks.TotalMilliseconds, new KeyValuePair<string, object?>("phase", "checks"));
        _phases.Record(timings.Compute.TotalMilliseconds, new KeyValuePair<string, object?>("phase", "compute"));
        _phases.Record(timings.Relay.TotalMilliseconds, new KeyValuePair<string, object?>("phase", "relay"));
    }

    public void Drift(string walletId, ulong chainId, long drift)
    {
        lock (_drift)
        {
            _drift[(walletId, chainId)] = drift;
        }
    }

    private IEnumerable<Measurement<long>> ObserveDrift()
    {
        lock (_drift)
        {
            return [.. _drift.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("wallet.id", d.Key.Wallet), new KeyValuePair<string, object?>("chain.id", d.Key.Chain)))];
        }
    }

    public void Dispose() => _meter.Dispose();
}
