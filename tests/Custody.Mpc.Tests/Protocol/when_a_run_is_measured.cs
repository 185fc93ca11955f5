using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;
using Custody.Testing;

namespace Custody.Mpc.Tests.Protocol;

/// <summary>MpcTelemetry's metrics (docs/observability.md "Metrics"): a run's duration by outcome, each round's duration and bytes.</summary>
public sealed class when_a_run_is_measured(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId[] Signers = [PartyId.Create(1), PartyId.Create(2)];

    [Fact]
    public async Task a_signing_run_records_each_party_once_as_ok_and_every_round_with_the_bytes_it_moved()
    {
        using var metrics = new MetricCollector(thisFlowOnly: true, "custody.mpc.session.duration", "custody.mpc.round.duration", "custody.mpc.round.bytes");
        using var shares = new ShareSet(keys.Fresh());

        var run = await Cluster.SignAsync(shares.Shares, Signers, Cluster.MessageHash(), MpcRandom.Seeded(11));

        Assert.All(run.Outcomes.Values, o => Assert.NotNull(o.Output));
        Assert.Equal(2, metrics.Of("custody.mpc.session.duration", (MpcTelemetry.Protocol, "Sign"), ("outcome", "ok")).Count);
        var rounds = metrics.Of("custody.mpc.round.duration", (MpcTelemetry.Protocol, "Sign"));
        Assert.NotEmpty(rounds);
        Assert.Equal(0, rounds.Count % 2); // every round once per party
        var sent = metrics.Of("custody.mpc.round.bytes", (MpcTelemetry.Protocol, "Sign"), ("direction", "sent")).Sum(m => m.Value);
        var received = metrics.Of("custody.mpc.round.bytes", (MpcTelemetry.Protocol, "Sign"), ("direction", "received")).Sum(m => m.Value);
        Assert.True(sent > 0, "no bytes recorded as sent");
        Assert.Equal(sent, received); // two parties: what one sends, the other receives
    }

    [Fact]
    public async Task a_run_that_aborts_on_a_failed_check_is_recorded_as_aborted()
    {
        using var metrics = new MetricCollector(thisFlowOnly: true, "custody.mpc.session.duration");
        using var shares = new ShareSet(keys.Fresh());

        var run = await Cluster.SignAsync(shares.Shares, Signers, Cluster.MessageHash(), MpcRandom.Seeded(12), wrongShareParty: Signers[1]);

        Assert.Contains(run.Outcomes.Values, o => o.Error is MpcAbortException);
        Assert.NotEmpty(metrics.Of("custody.mpc.session.duration", (MpcTelemetry.Protocol, "Sign"), ("outcome", "aborted")));
        Assert.Empty(metrics.Of("custody.mpc.session.duration", (MpcTelemetry.Protocol, "Sign"), ("outcome", "ok")));
    }
}
