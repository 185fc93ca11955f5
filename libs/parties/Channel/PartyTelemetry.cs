using System.Diagnostics;

namespace Custody.Parties.Channel;

/// <summary>
/// Trace context across the party channel (docs/observability.md "Traces"): the coordinator's requests carry its W3C
/// traceparent, and a party handles each request in a Server span that continues that trace, so the signer's and the
/// co-signers' MPC rounds show up under one request. The traceparent is telemetry only: a coordinator that sends a
/// false one can only misfile spans, and one that does not parse starts a new trace.
/// </summary>
public static class PartyTelemetry
{
    public const string SourceName = "Custody.Parties";

    public const string RequestKind = "custody.party.request.kind";
    public const string Party = "custody.party.name";

    private static readonly ActivitySource Source = new(SourceName, typeof(PartyTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The current span's traceparent, or empty when there is none or it is not in the W3C format.</summary>
    public static string CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : string.Empty;

    /// <summary>A Server span around handling <paramref name="request"/> by <paramref name="party"/>, a child of the coordinator's span when it sent one.</summary>
    public static Activity? StartHandling(PartyRequest request, string party)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parent = ActivityContext.TryParse(request.TraceParent, null, isRemote: true, out var context) ? context : default;
        var activity = Source.StartActivity($"party {request.Kind}", ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RequestKind, request.Kind);
            activity.SetTag(Party, party);
        }

        return activity;
    }
}
