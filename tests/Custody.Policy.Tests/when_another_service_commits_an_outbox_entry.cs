using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging.Outbox;
using Custody.Policy.Tests.Support;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Policy.Tests;

/// <summary>
/// Intake and policy share one database, so the policy service's relay sees intake's outbox entries too. Intake
/// publishes its entries right after its commit; the policy relay must leave them to that publish while they are
/// fresh (docs/state.md "Publishing right after the commit"), or every transaction-validated is sent twice.
/// </summary>
public sealed class when_another_service_commits_an_outbox_entry(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    [Fact]
    public async Task the_policy_relay_leaves_a_fresh_unordered_entry_to_its_direct_publish()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = Service.Database;
        const string topic = "policy-relay-grace-probe";
        await new PubSubProvisioner(Service.Services.GetRequiredService<Gcp.Channels.GoogleChannelFactory>()).EnsureTopicAsync(topic, ct);
        var message = new OutgoingMessage(new byte[] { 1 }, new Dictionary<string, string>(StringComparer.Ordinal), null);
        var entry = await database.RunTransactionAsync(
            (tx, token) => new OutboxWriter().AddAsync(tx, topic, message, token), ct: ct);

        var relay = Service.Services.GetRequiredService<OutboxRelay>();
        await relay.RunPassAsync(ct);
        Assert.False((await database.GetAsync(OutboxWriter.EntryPath(entry.Id), OutboxEntryMapper.Instance, ct))!.Value.Published);

        // The entry is publishable (the topic exists): the direct publish sends and marks it.
        await relay.PublishCommittedAsync([entry], ct);
        Assert.True((await database.GetAsync(OutboxWriter.EntryPath(entry.Id), OutboxEntryMapper.Instance, ct))!.Value.Published);
    }
}
