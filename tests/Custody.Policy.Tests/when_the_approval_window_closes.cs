using Custody.Contracts.Events;
using Custody.Policy.Tests.Support;
using Custody.Testing;

namespace Custody.Policy.Tests;

/// <summary>Durable expiry: deadlines persisted in Firestore, swept by every instance with a conditional update.</summary>
public sealed class when_the_approval_window_closes(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    [Fact]
    public async Task two_instances_sweeping_at_once_expire_the_request_exactly_once()
    {
        var other = StartAnotherInstance();
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        await DecideAsync(request, "PendingApproval");
        Assert.Equal(0, await Service.Sweeper.SweepAsync(TestContext.Current.CancellationToken));

        Service.Time.Shift = other.Time.Shift = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? Service : other).Sweeper.SweepAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(1, sweeps.Sum());
        Assert.Equal("Expired", (await Service.RecordAsync(request.RequestId))!.State.ToString());
        Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionExpired.WireName));
        Assert.Single(await Service.AuditAsync(request.RequestId), e => e.Record.Action == "Expired");
    }

    [Fact]
    public async Task nothing_expires_before_its_deadline()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        await DecideAsync(request, "PendingApproval");
        Service.Time.Shift = TimeSpan.FromHours(1) - TimeSpan.FromSeconds(2);
        Assert.Equal(0, await Service.Sweeper.SweepAsync(TestContext.Current.CancellationToken));
        Assert.Equal("PendingApproval", (await Service.RecordAsync(request.RequestId))!.State.ToString());
    }

    [Fact]
    public async Task the_background_sweep_expires_a_request_without_being_asked()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        await DecideAsync(request, "PendingApproval");
        var sweeping = StartAnotherInstance(TimeSpan.FromMilliseconds(200));
        sweeping.Time.Shift = TimeSpan.FromHours(2);
        await Service.WaitForStateAsync(request.RequestId, "Expired");
        Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionExpired.WireName));
    }
}
