using System.Net.Http.Json;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Policy.Expiry;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Custody.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Policy.Tests.Support;

/// <summary>
/// The policy service hosted in-process (WebApplicationFactory over the real Program) against the real Pub/Sub and
/// Firestore emulators, in its own project, with the test policy, the test approvers and a shiftable clock.
/// Two hosts on the same project are two instances of the service.
/// </summary>
internal sealed class PolicyServiceHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public const string Audience = "custody-policy-tests";

    private readonly DevIdTokenIssuer _issuer;

    public PolicyServiceHost(Emulators emulators, DevIdTokenIssuer issuer, string projectId, Approvers approvers, string policyFile, TimeSpan? sweepInterval = null)
    {
        _issuer = issuer;
        ArgumentNullException.ThrowIfNull(emulators);
        ArgumentNullException.ThrowIfNull(approvers);
        ProjectId = projectId;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Google:ProjectId"] = projectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = emulators.PubSub.Host,
            ["Google:FirestoreEmulatorHost"] = emulators.Firestore.Host,
            ["Messaging:Source"] = "//custody/policy",
            ["Messaging:ProvisionTopology"] = "true",
            ["Authentication:Authority"] = issuer.Issuer,
            ["Authentication:Audience"] = Audience,
            ["Policy:File"] = policyFile,
            ["Policy:ApproversDirectory"] = approvers.Directory,
            ["Policy:ExpirySweepInterval"] = (sweepInterval ?? TimeSpan.FromMinutes(5)).ToString("c"),
        };
    }

    public string ProjectId { get; }

    public ShiftedTime Time { get; } = new();

    public FirestoreDatabase Database => Services.GetRequiredService<FirestoreDatabase>();

    public ExpirySweeper Sweeper => Services.GetRequiredService<ExpirySweeper>();

    public static string WritePolicy(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"custody-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Publishes transaction-validated on Pub/Sub, as intake does.</summary>
    public async Task PublishValidatedAsync(TransactionRequested request)
    {
        await StoreValidatedAsync(request);
        await Services.GetRequiredService<IEventBus>().PublishAsync(TestPolicy.Validated(request), ct: TestContext.Current.CancellationToken);
    }

    public async Task<TransactionRecord?> RecordAsync(string requestId) =>
        (await Services.GetRequiredService<TransactionStore>().GetAsync(requestId, TestContext.Current.CancellationToken))?.Value;

    /// <summary>What intake does before it publishes transaction-validated: stores the request as Validated.</summary>
    public async Task StoreValidatedAsync(TransactionRequested request)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new TransactionRecord
        {
            RequestId = request.RequestId, BodyHash = "test-" + request.RequestId, State = TransactionState.Validated, WalletId = request.WalletId,
            Request = request, IntentHash = TransactionIntent.Create(request).Hash.ToString(), CreatedAt = now, UpdatedAt = now, TraceId = "",
        };
        var store = Services.GetRequiredService<TransactionStore>();
        await Database.RunTransactionAsync((tx, ct) => store.CreateIfAbsentAsync(tx, record, ct), ct: TestContext.Current.CancellationToken);
    }

    /// <summary>An HTTP client carrying an ID token from the dev issuer with <paramref name="roles"/> (approver by default).</summary>
    public HttpClient Client(params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", _issuer.Issue("person-1", roles.Length == 0 ? [ServiceRoles.Approver] : roles, Audience));
        return client;
    }

    /// <summary>Waits until the request's record exists and is in <paramref name="state"/>.</summary>
    public async Task<TransactionRecord> WaitForStateAsync(string requestId, string state)
    {
        TransactionRecord? record = null;
        await Eventually.UntilAsync(async () => (record = await RecordAsync(requestId))?.State.ToString() == state,
            TimeSpan.FromSeconds(30), $"{requestId} to be {state} (is {record?.State.ToString() ?? "absent"})", TestContext.Current.CancellationToken);
        return record!;
    }

    /// <summary>The outgoing events the service committed for a request, by wire name.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(string requestId, string wireName)
    {
        var all = await Database.QueryAsync(DocumentQuery.Collection(OutboxWriter.EntriesCollection), OutboxEntryMapper.Instance, TestContext.Current.CancellationToken);
        return all.Select(d => d.Value)
            .Where(e => e.Message.Attributes["ce-type"] == wireName && System.Text.Encoding.UTF8.GetString(e.Message.Data.Span).Contains($"\"requestId\":\"{requestId}\"", StringComparison.Ordinal))
            .ToList();
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string requestId)
    {
        var all = await Database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection).OrderBy("sequence"), AuditEntryMapper.Instance, TestContext.Current.CancellationToken);
        return all.Select(d => d.Value).Where(e => e.Record.RequestId == requestId).ToList();
    }

    public async Task<ApprovalReview> ReviewAsync(string requestId)
    {
        using var client = Client();
        var review = await client.GetFromJsonAsync($"/v1/transactions/{requestId}/review", ApprovalsJsonContext.Default.ApprovalReview, TestContext.Current.CancellationToken);
        return review!;
    }

    public async Task<HttpResponseMessage> VoteAsync(string requestId, VoteSubmission vote)
    {
        using var client = Client();
        return await client.PostAsJsonAsync($"/v1/transactions/{requestId}/approvals", vote, ApprovalsJsonContext.Default.VoteSubmission, TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}
