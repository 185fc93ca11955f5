using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.AppHost;
using Custody.Cli;
using Custody.Contracts;
using Custody.Contracts.Admin;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Chain;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Custody.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.System.Tests.Support;

/// <summary>
/// One process-level stack shared by the tests of the collection (each test leaves it healthy: a part it kills is
/// started again), one 2-of-3 wallet, and an observer subscription on every event topic that records each event
/// (ce-id) per request. A failing test's exception carries the last lines of every process's log.
/// </summary>
public sealed class SystemStack : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly string[] Observed = [Topics.Broadcast, Topics.Confirmed, Topics.Failed];
    private readonly List<PubSubSubscriber> _subscribers = [];
    private readonly ConcurrentDictionary<(string Topic, string RequestId), ConcurrentDictionary<string, IncomingMessage>> _events = new();
    private GoogleChannelFactory? _channels;

    internal ProcessStack Stack { get; private set; } = null!;

    internal KeygenResponse Wallet { get; private set; } = null!;

    internal TransactionStore Transactions { get; private set; } = null!;

    internal GoogleChannelFactory Channels => _channels!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Stack = await ProcessStack.StartAsync(new StackOptions { PolicyJson = StackPolicies.Treasury }, ct);
        _channels = Stack.Channels();
        Transactions = new TransactionStore(new FirestoreDatabase(_channels));
        var provisioner = new PubSubProvisioner(_channels);
        foreach (var topic in Observed)
        {
            var subscription = $"system-tests-{topic}";
            await provisioner.EnsureTopicAsync(topic, ct);
            await provisioner.EnsureSubscriptionAsync(new SubscriptionSpec(subscription, topic), ct);
            var subscriber = new PubSubSubscriber(_channels, subscription, new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
            await subscriber.StartAsync((message, _) => Record(topic, message), ct);
            _subscribers.Add(subscriber);
        }

        Wallet = await Stack.CreateWalletAsync("system-wallet", ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync();
        }

        _channels?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }

    /// <summary>Runs a test body; a failure carries the logs of every process.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> body)
    {
        try
        {
            await body(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{e.GetType().Name}: {e.Message}{Environment.NewLine}{Stack.LogTails()}", e);
        }
    }

    /// <summary>POSTs a transfer of <paramref name="wei"/> to the payee at intake as the payments app; returns the request id.</summary>
    public async Task<string> SubmitAsync(string wei, CancellationToken ct)
    {
        var requestId = $"sys-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        using var intake = Stack.Client(Stack.Intake!, "payments-app", ServiceRoles.UpstreamApp);
        var request = new TransactionRequested(requestId, Wallet.WalletId, Wallet.Address, StackSettings.AnvilChainId, StackPolicies.Payee, wei, "0x", "system test", DateTimeOffset.UtcNow);
        using var response = await intake.PostAsJsonAsync(new Uri("v1/transactions", UriKind.Relative), request, ContractsJsonContext.Default.TransactionRequested, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return requestId;
    }

    public async Task<TransactionRecord?> GetAsync(string requestId, CancellationToken ct) => (await Transactions.GetAsync(requestId, ct))?.Value;

    /// <summary>Waits until the shared record satisfies <paramref name="condition"/> (polling Firestore), and returns it.</summary>
    public async Task<TransactionRecord> WaitForAsync(string requestId, Func<TransactionRecord, bool> condition, string what, CancellationToken ct, TimeSpan? deadline = null)
    {
        TransactionRecord? seen = null;
        await Eventually.UntilAsync(async () => (seen = await GetAsync(requestId, ct)) is { } record && condition(record), deadline ?? Deadline,
            $"{requestId} {what} (last state {seen?.State.ToString() ?? "none"})", ct);
        return seen!;
    }

    public Task<TransactionRecord> WaitForStateAsync(string requestId, TransactionState state, CancellationToken ct, TimeSpan? deadline = null) =>
        WaitForAsync(requestId, r => r.State == state, $"to be {state}", ct, deadline);

    /// <summary>The distinct events (by ce-id) of <paramref name="topic"/> the observer received for a request.</summary>
    public IReadOnlyList<IncomingMessage> Events(string topic, string requestId) =>
        _events.TryGetValue((topic, requestId), out var byId) ? [.. byId.Values] : [];

    /// <summary>The wallet's transactions mined so far (its nonce at the latest block).</summary>
    public Task<ulong> MinedCountAsync(CancellationToken ct) => Stack.Chain.GetTransactionCountAsync(Address.Parse(Wallet.Address), BlockTag.Latest, ct);

    /// <summary>A confirmed request: exactly one transaction-confirmed event, its receipt on anvil at the nonce expected.</summary>
    public async Task AssertConfirmedOnceAsync(string requestId, ulong expectedNonce, CancellationToken ct)
    {
        var record = await WaitForStateAsync(requestId, TransactionState.Confirmed, ct);
        Assert.Equal((long)expectedNonce, record.Nonce);
        var receipt = await Stack.Chain.GetTransactionReceiptAsync(Bytes32.Parse(record.TransactionHash!), ct);
        Assert.NotNull(receipt);
        Assert.Equal(expectedNonce + 1, await MinedCountAsync(ct));
        await Eventually.UntilAsync(() => Events(Topics.Confirmed, requestId).Count > 0, Deadline, $"transaction-confirmed of {requestId}", ct);
        Assert.Single(Events(Topics.Confirmed, requestId));
        Assert.Empty(Events(Topics.Failed, requestId));
    }

    private Task<AckDecision> Record(string topic, IncomingMessage message)
    {
        using var json = JsonDocument.Parse(message.Data);
        if (json.RootElement.TryGetProperty("requestId", out var id) && id.GetString() is { } requestId)
        {
            var eventId = message.Attributes.TryGetValue(CloudEventAttributes.Id, out var ce) ? ce : message.MessageId;
            _events.GetOrAdd((topic, requestId), _ => new(StringComparer.Ordinal)).TryAdd(eventId, message);
        }

        return Task.FromResult(AckDecision.Ack);
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemStack>
{
    public const string Name = "system";
}
