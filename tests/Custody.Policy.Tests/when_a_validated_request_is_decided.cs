using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Policies;
using Custody.Messaging;
using Custody.Policy.Decisions;
using Custody.Policy.Tests.Support;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Policy.Tests;

/// <summary>transaction-validated over the real Pub/Sub emulator into the hosted service; state and outbox in the real Firestore emulator.</summary>
public sealed class when_a_validated_request_is_decided(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    private static readonly string PolicyId = PolicyParser.Parse(TestPolicy.Json).Id.ToString();

    [Fact]
    public async Task an_allowed_request_is_approved_and_published_with_its_evidence()
    {
        var request = TestPolicy.Native(TestPolicy.Ether / 2);
        var record = await DecideAsync(request, "Approved");

        Assert.Equal(("ALLOW", "small-native", PolicyId), (record.Decision, record.RuleId, record.PolicyId));
        var entry = Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionApproved.WireName));
        var approved = JsonSerializer.Deserialize(entry.Message.Data.Span, ContractsJsonContext.Default.TransactionApproved)!;
        Assert.Equal((PolicyId, "small-native"), (approved.Evidence.PolicyId, approved.Evidence.RuleId));
        Assert.Equal(record.DecidedAt, approved.Evidence.DecidedAt);
        await Eventually.UntilAsync(async () => Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionApproved.WireName)).Published,
            TimeSpan.FromSeconds(20), "the approved event to be published", TestContext.Current.CancellationToken);
        var audit = Assert.Single(await Service.AuditAsync(request.RequestId));
        Assert.Equal(("policy", "Approved", PolicyId), (audit.Record.Actor, audit.Record.Action, audit.Record.Details["policyId"]));
    }

    [Fact]
    public async Task a_blocked_request_is_rejected_naming_the_rule()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 150);
        var record = await DecideAsync(request, "Blocked");

        Assert.Equal("block-huge", record.RuleId);
        var entry = Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionRejected.WireName));
        var rejected = JsonSerializer.Deserialize(entry.Message.Data.Span, ContractsJsonContext.Default.TransactionRejected)!;
        Assert.Equal(("policy", "block-huge", PolicyId), (rejected.Stage, rejected.RuleId, rejected.PolicyId));
        Assert.Contains(rejected.Reasons, r => r.Contains("block-huge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_request_needing_approval_waits_with_a_persisted_deadline()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        var record = await DecideAsync(request, "PendingApproval");

        Assert.Equal("treasury-2of3-dave", record.RuleId);
        Assert.Equal(record.DecidedAt!.Value.AddSeconds(3600), record.Deadline);
        Assert.Empty(await Service.OutboxAsync(request.RequestId, TransactionApproved.WireName));
        Assert.Equal("PendingApproval", Assert.Single(await Service.AuditAsync(request.RequestId)).Record.Action);
    }

    [Fact]
    public async Task the_velocity_history_in_firestore_moves_a_request_past_the_allow_limit()
    {
        var walletId = "velocity-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await DecideAsync(TestPolicy.Native(TestPolicy.Ether, walletId: walletId), "Approved");
        }

        var fourth = await DecideAsync(TestPolicy.Native(TestPolicy.Ether, walletId: walletId), "PendingApproval");
        Assert.Equal("treasury-2of3-dave", fourth.RuleId);
        var otherWallet = await DecideAsync(TestPolicy.Native(TestPolicy.Ether, walletId: walletId + "-b"), "Approved");
        Assert.Equal("small-native", otherWallet.RuleId);
    }

    [Fact]
    public async Task a_redelivered_event_is_decided_once_even_when_both_copies_race()
    {
        var request = TestPolicy.Native(TestPolicy.Ether / 4);
        var context = new EventContext<TransactionValidated>
        {
            Event = TestPolicy.Validated(request), EventId = "ev-1", Type = TransactionValidated.WireName, Source = "//custody/intake",
            Time = DateTimeOffset.UtcNow, DeliveryAttempt = 1, MessageId = "m-1", PublishTime = DateTimeOffset.UtcNow, SubscriptionId = "policy-transaction-validated",
        };
        await Service.StoreValidatedAsync(request);
        using var first = Service.Services.CreateScope();
        using var second = Service.Services.CreateScope();
        await Task.WhenAll(
            first.ServiceProvider.GetRequiredService<ValidatedHandler>().HandleAsync(context, TestContext.Current.CancellationToken),
            second.ServiceProvider.GetRequiredService<ValidatedHandler>().HandleAsync(context, TestContext.Current.CancellationToken));

        Assert.Equal("Approved", (await Service.RecordAsync(request.RequestId))!.State.ToString());
        Assert.Single(await Service.OutboxAsync(request.RequestId, TransactionApproved.WireName));
        Assert.Single(await Service.AuditAsync(request.RequestId));
    }

    [Fact]
    public async Task an_event_whose_intent_hash_is_not_its_requests_is_refused_and_changes_nothing()
    {
        var request = TestPolicy.Native(TestPolicy.Ether / 4);
        var other = TestPolicy.Native(TestPolicy.Ether / 8, requestId: request.RequestId);
        await Service.StoreValidatedAsync(request);
        var context = new EventContext<TransactionValidated>
        {
            Event = TestPolicy.Validated(request) with { IntentHash = TestPolicy.Validated(other).IntentHash }, EventId = "ev-2",
            Type = TransactionValidated.WireName, Source = "//custody/intake", Time = DateTimeOffset.UtcNow, DeliveryAttempt = 1, MessageId = "m-2",
            PublishTime = DateTimeOffset.UtcNow, SubscriptionId = "policy-transaction-validated",
        };
        using var scope = Service.Services.CreateScope();
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            scope.ServiceProvider.GetRequiredService<ValidatedHandler>().HandleAsync(context, TestContext.Current.CancellationToken));
        Assert.Equal("Validated", (await Service.RecordAsync(request.RequestId))!.State.ToString());
    }
}
