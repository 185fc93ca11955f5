using System.Diagnostics;
using System.Globalization;

namespace Custody.Messaging;

/// <summary>
/// W3C Trace Context in message attributes (https://www.w3.org/TR/trace-context/): <c>traceparent</c> is
/// <c>version-traceid-parentid-flags</c> (§3.2.2), <c>tracestate</c> is vendor data (§3.3, at most 512
/// characters here). Written and parsed with System.Diagnostics only: no propagator package needed.
/// </summary>
internal static class TraceContext
{
    private const int MaxTraceStateLength = 512;

    /// <summary>Adds the attributes of <paramref name="context"/>; nothing when there is no trace.</summary>
    public static void Inject(ActivityContext context, IDictionary<string, string> attributes)
    {
        if (context.TraceId == default || context.SpanId == default)
        {
            return;
        }

        // §3.2.2: version 00, 32 hex trace-id, 16 hex parent-id, 2 hex flags (bit 0 = sampled).
        var sampled = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        attributes[CloudEventAttributes.TraceParent] = string.Create(
            CultureInfo.InvariantCulture, $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{sampled}");
        if (!string.IsNullOrEmpty(context.TraceState) && context.TraceState.Length <= MaxTraceStateLength)
        {
            attributes[CloudEventAttributes.TraceState] = context.TraceState;
        }
    }

    /// <summary>The remote context in <paramref name="attributes"/>, or default when absent or malformed (tracing is best effort, never a reason to refuse a message).</summary>
    public static ActivityContext Extract(IReadOnlyDictionary<string, string> attributes)
    {
        if (!attributes.TryGetValue(CloudEventAttributes.TraceParent, out var traceParent))
        {
            return default;
        }

        attributes.TryGetValue(CloudEventAttributes.TraceState, out var traceState);
        if (traceState is { Length: > MaxTraceStateLength })
        {
            traceState = null;
        }

        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }
}
