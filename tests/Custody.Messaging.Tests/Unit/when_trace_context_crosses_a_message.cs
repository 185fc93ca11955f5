using System.Diagnostics;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_trace_context_crosses_a_message
{
    [Fact]
    public void the_receiver_reads_the_senders_context()
    {
        var sent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "a=1,b=2");
        var attributes = new Dictionary<string, string>();

        TraceContext.Inject(sent, attributes);
        var received = TraceContext.Extract(attributes);

        Assert.Equal(sent.TraceId, received.TraceId);
        Assert.Equal(sent.SpanId, received.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, received.TraceFlags);
        Assert.Equal("a=1,b=2", received.TraceState);
        Assert.True(received.IsRemote);
    }

    [Fact]
    public void the_sampled_flag_is_kept_off_when_off()
    {
        var attributes = new Dictionary<string, string>();
        TraceContext.Inject(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None), attributes);
        Assert.EndsWith("-00", attributes["traceparent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")]
    public void a_malformed_traceparent_is_ignored(string traceParent) =>
        Assert.Equal(default, TraceContext.Extract(new Dictionary<string, string> { ["traceparent"] = traceParent }));

    [Fact]
    public void an_overlong_tracestate_is_dropped()
    {
        var context = TraceContext.Extract(new Dictionary<string, string>
        {
            ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["tracestate"] = "a=" + new string('x', 600),
        });
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", context.TraceId.ToHexString());
        Assert.Null(context.TraceState);
    }
}
