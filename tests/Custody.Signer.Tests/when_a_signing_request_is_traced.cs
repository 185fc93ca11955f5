using System.Diagnostics;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signer.Tests.Support;
using Custody.Testing;

namespace Custody.Signer.Tests;

/// <summary>
/// docs/observability.md "Traces": one approved request is one trace through the Pub/Sub hop into the signer, across
/// the party channel into the co-signer that signs with it, down to every MPC round, each round with the bytes it moved.
/// The spans are read from OpenTelemetry's in-memory exporter on the signer's own tracer provider.
/// </summary>
public sealed class when_a_signing_request_is_traced(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil)
{
    private static readonly ActivitySource Upstream = new("Custody.Signer.Tests");

    [Fact]
    public async Task the_request_s_trace_holds_the_signer_s_and_the_cosigner_s_mpc_rounds_with_their_bytes()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var wallet = await stack.CreateWalletAsync("treasury-traced");
        var approved = stack.Policy.Approved(SignerPolicy.Request("req-traced-1", "treasury-traced", Address.Parse(wallet.Address), 1m), "alice", "bob");

        ActivityTraceId trace;
        using (var policy = Upstream.StartActivity("policy approves", ActivityKind.Internal))
        {
            Assert.NotNull(policy); // the signer's tracer provider listens to every Custody.* source
            trace = policy.TraceId;
            await stack.PublishApprovedAsync(approved);
        }

        await stack.WaitForStateAsync("req-traced-1", TransactionState.Signed);
        IReadOnlyList<Activity> spans = [];
        try
        {
            await Eventually.UntilAsync(() => Has(spans = stack.Spans.InTrace(trace), "send transaction-signed", 1) && MpcRuns(spans).Count == 2,
                TimeSpan.FromSeconds(60), "the trace to hold the signed event's send span and two parties' signing runs", TestContext.Current.CancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The trace holds: {string.Join(", ", spans.Select(s => s.DisplayName))}", e);
        }

        var root = Assert.Single(spans, s => s.DisplayName == "policy approves");
        var process = Assert.Single(spans, s => s.DisplayName == $"process {Custody.Signer.Signing.SignerEvents.ApprovedSubscription}");
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.True(IsBelow(spans, process, root), "the signer's processing continues the publisher's trace through Pub/Sub");

        var runs = MpcRuns(spans);
        var signerRun = Assert.Single(runs, r => (int)r.GetTagItem(MpcTelemetry.Party)! == SignerStack.Ids["signer"]);
        var cosignerRun = Assert.Single(runs, r => (int)r.GetTagItem(MpcTelemetry.Party)! == SignerStack.Ids["cosigner-a"]);
        Assert.True(IsBelow(spans, signerRun, process), "the signer's MPC run is part of handling the approved event");

        // The co-signer's side arrived over the party channel: its request span continues the coordinator's trace.
        var handling = Assert.Single(spans, s => s.DisplayName == $"party {Custody.Signing.Coordination.CoordinationKinds.Sign}" && (string?)s.GetTagItem(PartyTelemetry.Party) == "cosigner-a");
        Assert.Equal(ActivityKind.Server, handling.Kind);
        Assert.True(IsBelow(spans, handling, process), "the co-signer's handling is under the signer's processing span");
        Assert.Equal(handling.SpanId, cosignerRun.ParentSpanId);

        foreach (var run in new[] { signerRun, cosignerRun })
        {
            var rounds = spans.Where(s => s.ParentSpanId == run.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
            Assert.True(rounds.Count >= 3, $"signing runs its rounds as child spans (got {rounds.Count})");
            Assert.Equal(rounds.Select(r => (int)r.GetTagItem(MpcTelemetry.Round)!).Order(), rounds.Select(r => (int)r.GetTagItem(MpcTelemetry.Round)!));
            Assert.All(rounds, r =>
            {
                Assert.Equal($"mpc Sign round {r.GetTagItem(MpcTelemetry.Round)}", r.DisplayName);
                Assert.True((long)r.GetTagItem(MpcTelemetry.BytesSent)! > 0 && (long)r.GetTagItem(MpcTelemetry.BytesReceived)! > 0, $"{r.DisplayName} moved bytes both ways");
                Assert.True(r.Duration > TimeSpan.Zero);
                Assert.Equal(ActivityStatusCode.Unset, r.Status);
            });
        }

        // Both parties' rounds carry the same traffic in opposite directions (2-of-2 session: what one sends the other receives).
        var signerSent = RoundTags(spans, signerRun, MpcTelemetry.BytesSent);
        var cosignerReceived = RoundTags(spans, cosignerRun, MpcTelemetry.BytesReceived);
        Assert.Equal(signerSent, cosignerReceived);

        var signed = Assert.Single(spans, s => s.DisplayName == "send transaction-signed");
        Assert.Equal(ActivityKind.Producer, signed.Kind);
        Assert.True(IsBelow(spans, signed, process), "the signed event is published inside the approved event's trace");
    }

    private static List<Activity> MpcRuns(IReadOnlyList<Activity> spans) => [.. spans.Where(s => s.DisplayName == "mpc Sign")];

    private static bool Has(IReadOnlyList<Activity> spans, string name, int count) => spans.Count(s => s.DisplayName == name) == count;

    private static Dictionary<int, long> RoundTags(IReadOnlyList<Activity> spans, Activity run, string tag) =>
        spans.Where(s => s.ParentSpanId == run.SpanId).ToDictionary(s => (int)s.GetTagItem(MpcTelemetry.Round)!, s => (long)s.GetTagItem(tag)!);

    /// <summary>Whether <paramref name="ancestor"/> is on the parent chain of <paramref name="span"/>.</summary>
    private static bool IsBelow(IReadOnlyList<Activity> spans, Activity span, Activity ancestor)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
