using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Google.Cloud.PubSub.V1;
using Xunit;

namespace Custody.Testing;

/// <summary>
/// The check every test that kills, stops or restarts a consumer makes: nothing whose handler never failed may
/// end in the dead-letter subscription (<c>{subscription}-dead-letters</c>, created by the provisioner). Restarts
/// cost delivery attempts (a killed consumer leaves a stale stream on Pub/Sub); the subscription's maximum
/// delivery attempts must absorb them, and only messages a handler really failed on may be dead-lettered.
/// </summary>
public static class DeadLetters
{
    /// <summary>Pulls (and acks) everything now in the dead-letter subscription of <paramref name="subscriptionId"/>.</summary>
    public static async Task<IReadOnlyList<IncomingMessage>> DrainAsync(GoogleChannelFactory channels, string subscriptionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var client = new Subscriber.SubscriberClient(channels.ChannelFor(GoogleApi.PubSub));
        var name = PubSubNames.Subscription(channels.Options.ProjectId, PubSubProvisioner.DeadLetterSubscriptionId(subscriptionId));
        var drained = new List<IncomingMessage>();
        while (true)
        {
#pragma warning disable CS0612 // ReturnImmediately is deprecated for Google's service; the emulator honours it and a test must not block.
            var pulled = await client.PullAsync(new PullRequest { Subscription = name, MaxMessages = 1_000, ReturnImmediately = true }, cancellationToken: ct);
#pragma warning restore CS0612
            if (pulled.ReceivedMessages.Count == 0)
            {
                return drained;
            }

            drained.AddRange(pulled.ReceivedMessages.Select(IncomingMessage.From));
            await client.AcknowledgeAsync(new AcknowledgeRequest { Subscription = name, AckIds = { pulled.ReceivedMessages.Select(r => r.AckId) } }, cancellationToken: ct);
        }
    }

    /// <summary>
    /// Fails unless every dead letter of <paramref name="subscriptionId"/> is one a handler failed on:
    /// <paramref name="keyOf"/> names a message (an attribute survives dead-lettering, the message id does not),
    /// <paramref name="failed"/> holds the names of the messages some handler failed on (empty when none should fail).
    /// </summary>
    public static async Task AssertOnlyFailedAsync(GoogleChannelFactory channels, string subscriptionId, Func<IncomingMessage, string> keyOf, IReadOnlySet<string> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(failed);
        var innocent = (await DrainAsync(channels, subscriptionId, ct)).Select(keyOf).Where(key => !failed.Contains(key)).ToList();
        Assert.True(innocent.Count == 0, $"{innocent.Count} message(s) no handler failed on were dead-lettered from {subscriptionId}: {string.Join(", ", innocent.Take(10))}");
    }
}
