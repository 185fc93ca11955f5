using System.Diagnostics.Metrics;
using Custody.Domain.Lifecycle;

namespace Custody.State;

/// <summary>
/// Requests by state across the whole flow (meter <c>Custody.State</c>; docs/observability.md): every committed change
/// of <c>transactions/{requestId}</c>, whichever service made it, counts in <c>custody.requests.transitions</c> (from,
/// to; "none" for a new request), and the time the request spent in the state it leaves goes to
/// <c>custody.requests.stage.duration</c> (state). Recorded by <see cref="TransactionStore"/> after the commit only,
/// so an aborted and re-run transaction counts once.
/// </summary>
public static class RequestMetrics
{
    public const string MeterName = "Custody.State";

    private static readonly Meter Meter = new(MeterName, typeof(RequestMetrics).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Transitions = Meter.CreateCounter<long>("custody.requests.transitions", "{request}", "Committed state changes of requests, by the state left and the state entered.");
    private static readonly Histogram<double> Stage = Meter.CreateHistogram<double>("custody.requests.stage.duration", "ms", "Time a request spent in a state before it moved on, by that state.");

    internal static void Created(TransactionState state) =>
        Transitions.Add(1, new KeyValuePair<string, object?>("from", "none"), new KeyValuePair<string, object?>("to", state.ToString()));

    internal static void Moved(TransactionState from, TransactionState to, TimeSpan inFrom)
    {
        Transitions.Add(1, new KeyValuePair<string, object?>("from", from.ToString()), new KeyValuePair<string, object?>("to", to.ToString()));
        Stage.Record(Math.Max(0, inFrom.TotalMilliseconds), new KeyValuePair<string, object?>("state", from.ToString()));
    }
}
