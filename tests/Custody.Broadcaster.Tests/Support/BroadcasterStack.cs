using System.Globalization;
using System.Text.Json;
using Custody.Broadcaster.Broadcasting;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.State;
using Custody.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Broadcaster.Tests.Support;

/// <summary>
/// The broadcaster (its real Program, hosted in-process) against the Pub/Sub and Firestore emulators and an anvil
/// node, in a project of its own (or a given one, to restart on the same state). The signer's side is played by the
/// test: it stores the request as Signed, as the signer does, and publishes transaction-signed.
/// </summary>
internal sealed class BroadcasterStack : WebApplicationFactory<Program>
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly string _root = Directory.CreateTempSubdirectory("custody-broadcaster-").FullName;

    private BroadcasterStack(string projectId)
    {
        ProjectId = projectId;
    }

    public string ProjectId { get; }

    public FirestoreDatabase Database => Services.GetRequiredService<FirestoreDatabase>();

    public GoogleChannelFactory Channels => Services.GetRequiredService<GoogleChannelFactory>();

    /// <summary>
    /// Starts the broadcaster: <see cref="BroadcasterOptions.Confirmations"/> 3, polling every 100 ms, replacements
    /// after an hour unless <paramref name="replaceAfter"/> says otherwise. <paramref name="projectId"/> restarts on an
    /// earlier stack's state (its Firestore and Pub/Sub).
    /// </summary>
    public static BroadcasterStack Start(
        PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil, TimeSpan? replaceAfter = null, string? projectId = null,
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var stack = new BroadcasterStack(projectId ?? GoogleEmulator.NewProjectId("broadcaster"));
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Google:ProjectId"] = stack.ProjectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = pubSub.Host,
            ["Google:FirestoreEmulatorHost"] = firestore.Host,
            ["Messaging:Source"] = BroadcasterEvents.Source,
            ["Messaging:ProvisionTopology"] = "true",
            ["Broadcaster:NodeUrl"] = anvil.Endpoint.ToString(),
            ["Broadcaster:ChainId"] = anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Broadcaster:PolicyDirectory"] = BroadcasterPolicies.WriteFolder(stack._root),
            ["Broadcaster:Confirmations"] = "3",
            ["Broadcaster:PollInterval"] = "00:00:00.100",
            ["Broadcaster:ReplaceAfter"] = (replaceAfter ?? TimeSpan.FromHours(1)).ToString("c", CultureInfo.InvariantCulture),
        })
        {
            stack._settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            stack._settings[key] = value;
        }

        try
        {
            _ = stack.Services; // starts the broadcaster
        }
        catch
        {
            // A start that fails (a test of the start-up checks) still removes the stack's folder. A host that failed
            // to start may throw again while disposing (already disposed): that must not hide the start-up error.
            try
            {
                stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (ObjectDisposedException)
            {
            }

            throw;
        }

        return stack;
    }

    /// <summary>What the signer does: the request stored as Signed with this transaction; returns the transaction-signed it publishes.</summary>
    public async Task<TransactionSigned> StoreSignedAsync(string requestId, string walletId, SignedTransaction signed, Policy? policy = null)
    {
        var now = DateTimeOffset.UtcNow;
        var from = signed.RecoverSender();
        var to = signed.Transaction.To ?? from;
        var request = new TransactionRequested(requestId, walletId, from.ToChecksumString(), signed.Transaction.ChainId, to.ToChecksumString(),
            signed.Transaction.Value.ToString(), "0x", "broadcaster-tests", now.AddMinutes(-1));
        var record = new TransactionRecord
        {
            RequestId = requestId, BodyHash = "test-" + requestId, State = TransactionState.Signed, WalletId = walletId, Request = request,
            PolicyId = (policy ?? BroadcasterPolicies.Roomy).Id.ToString(), Nonce = checked((long)signed.Transaction.Nonce),
            RawTransaction = Hex.Encode(signed.Raw), TransactionHash = signed.Hash.ToString(), CreatedAt = now, UpdatedAt = now, TraceId = "",
        };
        var store = Services.GetRequiredService<TransactionStore>();
        await Database.RunTransactionAsync((tx, ct) => store.CreateIfAbsentAsync(tx, record, ct), ct: TestContext.Current.CancellationToken);
        return new TransactionSigned(requestId, walletId, signed.Transaction.ChainId, signed.Transaction.Nonce.ToString(CultureInfo.InvariantCulture),
            Hex.Encode(signed.Raw), signed.Hash.ToString(), now);
    }

    /// <summary>Publishes transaction-signed on Pub/Sub with the wallet as ordering key, as the signer's outbox does.</summary>
    public Task PublishAsync(TransactionSigned signed) =>
        Services.GetRequiredService<IEventBus>().PublishAsync(signed, signed.WalletId, TestContext.Current.CancellationToken);

    /// <summary>A delivery straight to the broadcaster's handler (a redelivery, deterministically).</summary>
    public Task DeliverAsync(TransactionSigned signed) =>
        ActivatorUtilities.CreateInstance<SignedHandler>(Services).HandleAsync(new EventContext<TransactionSigned>
        {
            Event = signed, EventId = Guid.NewGuid().ToString(), Type = TransactionSigned.WireName, Source = "//custody/signer", Time = DateTimeOffset.UtcNow,
            DeliveryAttempt = 2, MessageId = "redelivery", PublishTime = DateTimeOffset.UtcNow, SubscriptionId = BroadcasterEvents.SignedSubscription,
        }, TestContext.Current.CancellationToken);

    public async Task<BroadcastRecord?> BroadcastAsync(string requestId) =>
        await Services.GetRequiredService<BroadcastStore>().GetAsync(requestId, TestContext.Current.CancellationToken);

    public async Task<TransactionRecord?> RecordAsync(string requestId) =>
        (await Services.GetRequiredService<TransactionStore>().GetAsync(requestId, TestContext.Current.CancellationToken))?.Value;

    /// <summary>Waits until the broadcast is in <paramref name="status"/> (and <paramref name="also"/> holds); the deadline only guards against a hang.</summary>
    public async Task<BroadcastRecord> WaitForAsync(string requestId, BroadcastStatus status, Func<BroadcastRecord, bool>? also = null)
    {
        BroadcastRecord? record = null;
        await Eventually.UntilAsync(async () => (record = await BroadcastAsync(requestId)) is { } r && r.Status == status && (also?.Invoke(r) ?? true),
            Deadline, $"{requestId} to be {status} (is {record?.Status.ToString() ?? "absent"}: {record?.Note})", TestContext.Current.CancellationToken);
        return record!;
    }

    /// <summary>The events of <paramref name="wireName"/> the broadcaster committed to its outbox for a request, as JSON.</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string wireName, string requestId)
    {
        var all = await Database.QueryAsync(DocumentQuery.Collection(OutboxWriter.EntriesCollection), OutboxEntryMapper.Instance, TestContext.Current.CancellationToken);
        return [.. all.Select(d => d.Value)
            .Where(e => e.Message.Attributes["ce-type"] == wireName)
            .Select(e => JsonDocument.Parse(e.Message.Data).RootElement.Clone())
            .Where(json => json.GetProperty("requestId").GetString() == requestId)];
    }

    /// <summary>The audit entries of a request, oldest first: (action, details).</summary>
    public Task<IReadOnlyList<AuditRecord>> AuditAsync(string requestId) => AuditTrail.OfAsync(Database, requestId, TestContext.Current.CancellationToken);

    /// <summary>
    /// What the signer does for a fee replacement (docs/signing.md "Fee replacements"): the request stays Broadcast
    /// and its transaction becomes <paramref name="replacement"/>; returns the transaction-signed it publishes.
    /// </summary>
    public async Task<TransactionSigned> StoreReplacementAsync(string requestId, SignedTransaction replacement)
    {
        var store = Services.GetRequiredService<TransactionStore>();
        var now = DateTimeOffset.UtcNow;
        var record = await Database.RunTransactionAsync((tx, ct) => store.TryUpdateAsync(tx, requestId, TransactionState.Broadcast, r => r with
        {
            ReplacedTransactionHashes = [.. r.ReplacedTransactionHashes, r.TransactionHash!],
            TransactionHash = replacement.Hash.ToString(), RawTransaction = Hex.Encode(replacement.Raw),
        }, now, "", ct), ct: TestContext.Current.CancellationToken);
        Assert.NotNull(record);
        return new TransactionSigned(requestId, record.WalletId, replacement.Transaction.ChainId, replacement.Transaction.Nonce.ToString(CultureInfo.InvariantCulture),
            Hex.Encode(replacement.Raw), replacement.Hash.ToString(), now);
    }

    /// <summary>Waits for the dead letter of transaction-signed whose data names <paramref name="requestId"/>.</summary>
    public async Task<IncomingMessage> DeadLetterAsync(string requestId)
    {
        IncomingMessage? found = null;
        await Eventually.UntilAsync(async () =>
        {
            var drained = await DeadLetters.DrainAsync(Channels, BroadcasterEvents.SignedSubscription, TestContext.Current.CancellationToken);
            found ??= drained.FirstOrDefault(m => System.Text.Encoding.UTF8.GetString(m.Data.Span).Contains(requestId, StringComparison.Ordinal));
            return found is not null;
        }, Deadline, $"the dead letter of {requestId}", TestContext.Current.CancellationToken);
        return found!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
