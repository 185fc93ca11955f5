using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Testing;
using Google.Cloud.PubSub.V1;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_topics_and_subscriptions_are_provisioned(PubSubEmulator emulator) : IAsyncDisposable
{
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task ensuring_twice_is_harmless_and_the_dead_letter_subscription_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var spec = new SubscriptionSpec("approvals", "approval-requested", 30, EnableMessageOrdering: true, DeadLetterTopicId: "approvals-dlq", MaxDeliveryAttempts: 7);
        await _pubSub.Provisioner.EnsureSubscriptionAsync(spec, ct);
        await _pubSub.Provisioner.EnsureSubscriptionAsync(spec, ct);

        var client = new Subscriber.SubscriberClient(_pubSub.Channels.ChannelFor(GoogleApi.PubSub));
        var created = await client.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = $"projects/{_pubSub.ProjectId}/subscriptions/approvals" }, cancellationToken: ct);
        Assert.True(created.EnableMessageOrdering);
        Assert.Equal(7, created.DeadLetterPolicy.MaxDeliveryAttempts);
        Assert.Equal($"projects/{_pubSub.ProjectId}/topics/approvals-dlq", created.DeadLetterPolicy.DeadLetterTopic);
        var dead = await client.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = $"projects/{_pubSub.ProjectId}/subscriptions/approvals-dead-letters" }, cancellationToken: ct);
        Assert.Equal($"projects/{_pubSub.ProjectId}/topics/approvals-dlq", dead.Topic);
    }

    [Fact]
    public async Task an_existing_subscription_with_other_ordering_or_dead_letter_policy_is_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("settled", "settled-topic"), ct);

        var error = await Assert.ThrowsAsync<SubscriptionMismatchException>(() =>
            _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("settled", "settled-topic", EnableMessageOrdering: true, DeadLetterTopicId: "settled-dlq"), ct));
        Assert.Contains("message ordering is off, wanted on", error.Message, StringComparison.Ordinal);
        Assert.Contains("dead-letter topic is '(none)'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Differences.Count);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(101)]
    public async Task a_dead_letter_policy_outside_pub_subs_bounds_is_refused(int attempts)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("bounded", "bounded-topic", DeadLetterTopicId: "bounded-dlq", MaxDeliveryAttempts: attempts), TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
