using System.Diagnostics.Metrics;

namespace Custody.Broadcaster;

/// <summary>The broadcaster's metrics (meter <c>Custody.Broadcaster</c>, exported by libs/servicedefaults).</summary>
public sealed class BroadcasterTelemetry : IDisposable
{
    public const string MeterName = "Custody.Broadcaster";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _latency;

    public BroadcasterTelemetry()
    {
        _outcomes = _meter.CreateCounter<long>("custody.broadcaster.broadcasts", "{transaction}",
            "Broadcasts by outcome (submitted, already-known, already-mined, refused, confirmed, reverted, reorganised, replacement-requested, approval-required).");
        _latency = _meter.CreateHistogram<double>("custody.broadcaster.confirmation.latency", "s",
            "From the first submission to the required confirmations.");
    }

    public void Outcome(string outcome) => _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Confirmed(TimeSpan latency) => _latency.Record(latency.TotalSeconds);

    public void Dispose() => _meter.Dispose();
}
