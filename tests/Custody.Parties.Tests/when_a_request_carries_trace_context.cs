using System.Diagnostics;
using Custody.Parties.Channel;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>
/// docs/observability.md "Traces": the coordinator's requests carry its traceparent over the channel, and the party's
/// handling span continues that trace; a missing or malformed traceparent (telemetry only) starts a new trace.
/// </summary>
public sealed class when_a_request_carries_trace_context : IDisposable
{
    private static readonly ActivitySource Coordinator = new("Custody.Parties.Tests");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name is PartyTelemetry.SourceName or "Custody.Parties.Tests",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public when_a_request_carries_trace_context() => ActivitySource.AddActivityListener(_listener);

    private static CancellationToken Soon => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task the_partys_handling_span_is_a_child_of_the_coordinators_span()
    {
        await using var host = await StartAsync();
        var link = await host.ConnectAsync(CosignerA);
        ActivityContext asked;
        using (var span = Coordinator.StartActivity("sign request"))
        {
            asked = span!.Context;
            using var call = host.Hub.Ask(CosignerA, "sign", "{}"u8.ToArray());
        }

        var request = await link.Requests.ReadAsync(Soon);
        using var handling = PartyTelemetry.StartHandling(request, "cosigner-a");

        Assert.NotNull(handling);
        Assert.Equal((asked.TraceId, asked.SpanId, ActivityKind.Server), (handling.TraceId, handling.ParentSpanId, handling.Kind));
        Assert.Equal("cosigner-a", handling.GetTagItem(PartyTelemetry.Party));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00-not-a-trace-id-01")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public void a_missing_or_malformed_traceparent_starts_a_new_trace(string? traceParent)
    {
        using var handling = PartyTelemetry.StartHandling(new PartyRequest(7, "sign", ReadOnlyMemory<byte>.Empty, traceParent), "cosigner-a");

        Assert.NotNull(handling);
        Assert.Equal(default, handling.ParentSpanId);
    }

    public void Dispose() => _listener.Dispose();
}
