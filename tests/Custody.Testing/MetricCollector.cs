using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Custody.Testing;

/// <summary>One measurement seen by a <see cref="MetricCollector"/>.</summary>
public sealed record MetricMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public bool Has(string key, object? value) => Tags.TryGetValue(key, out var tag) && Equals(tag, value);
}

/// <summary>
/// Records the measurements of the named instruments (any meter) while it lives. With <c>thisFlowOnly</c>, only the
/// measurements recorded in the creating test's async flow (and the tasks it starts) are kept, so tests running in
/// parallel in the same process do not see each other's.
/// </summary>
public sealed class MetricCollector : IDisposable
{
    private static readonly AsyncLocal<MetricCollector?> Flow = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<MetricMeasurement> _measurements = new();
    private readonly bool _thisFlowOnly;

    public MetricCollector(bool thisFlowOnly, params string[] instruments)
    {
        var names = instruments.ToHashSet(StringComparer.Ordinal);
        _thisFlowOnly = thisFlowOnly;
        if (thisFlowOnly)
        {
            Flow.Value = this;
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (names.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The measurements of <paramref name="instrument"/> that carry every one of <paramref name="tags"/>.</summary>
    public IReadOnlyList<MetricMeasurement> Of(string instrument, params (string Key, object? Value)[] tags) =>
        [.. _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Has(t.Key, t.Value)))];

    public void Dispose()
    {
        _listener.Dispose();
        if (_thisFlowOnly && Flow.Value == this)
        {
            Flow.Value = null;
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_thisFlowOnly && Flow.Value != this)
        {
            return;
        }

        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new MetricMeasurement(instrument.Name, value, copy));
    }
}
