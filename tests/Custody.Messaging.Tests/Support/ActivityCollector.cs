using System.Collections.Concurrent;
using System.Diagnostics;

namespace Custody.Messaging.Tests.Support;

/// <summary>
/// Records every activity of the messaging ActivitySource and of the tests' own source, so tests can check
/// spans and trace propagation. Listeners are process-wide: filter what you read by trace id.
/// </summary>
public sealed class ActivityCollector : IDisposable
{
    public const string TestSourceName = "Custody.Messaging.Tests";

    public static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessagingTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _stopped.Where(a => a.TraceId == traceId)];

    public IReadOnlyList<Activity> All(Func<Activity, bool> predicate) => [.. _stopped.Where(predicate)];

    public void Dispose() => _listener.Dispose();
}
