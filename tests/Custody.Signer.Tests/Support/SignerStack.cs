using System.Net.Http.Json;
using Custody.Attestation.Dev;
using Custody.Attestation.Verification;
using Custody.Contracts.Admin;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Parties.Identity;
using Custody.ServiceDefaults.Authentication;
using Custody.Signer.Coordination;
using Custody.Signer.Replacements;
using Custody.Signer.Signing;
using Custody.Signing.Admission;
using Custody.State;
using Custody.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Custody.Signer.Tests.Support;

/// <summary>
/// The signer service (its real Program, hosted in-process; its coordination endpoint a real TLS listener on
/// loopback) against the Pub/Sub and Firestore emulators and anvil, in a fresh project, with two co-signers that
/// dial in over the party channel (<see cref="TestCosigner"/>), a dev attestation issuer serving the launcher
/// socket protocol, and a dev OIDC issuer for the admin API.
/// </summary>
internal sealed class SignerStack : WebApplicationFactory<Program>
{
    public const string Audience = "custody-signer-tests";
    public const string AttestationAudience = "custody-cosigners";
    public static readonly string ImageDigest = "sha256:" + new string('c', 64);
    public static readonly IReadOnlyDictionary<string, int> Ids = new Dictionary<string, int> { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 };

    private readonly string _root = Directory.CreateTempSubdirectory("custody-signer-").FullName;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private DevAttestationIssuer _attestation = null!;
    private DevIdTokenIssuer _tokens = null!;
    private Custody.Gcp.Channels.GoogleChannelFactory _cosignerChannels = null!;

    private SignerStack(AnvilFixture anvil)
    {
        Anvil = anvil;
    }

    public AnvilFixture Anvil { get; }

    public SignerPolicy Policy { get; } = new();

    /// <summary>Every span the signer's tracer provider exported (OpenTelemetry's in-memory exporter), of every test in the process.</summary>
    public ExportedSpans Spans { get; } = new();

    public string ProjectId { get; } = GoogleEmulator.NewProjectId("signer");

    /// <summary>The policy folder every party of the stack holds (the broadcaster reads its fee caps too).</summary>
    public string PolicyDirectory { get; private set; } = "";

    public Dictionary<string, TestCosigner> Cosigners { get; } = [];

    public FirestoreDatabase Database => Services.GetRequiredService<FirestoreDatabase>();

    public PartyHub Hub => Services.GetRequiredService<PartyHub>();

    /// <summary>Starts the signer and connects both co-signers; <paramref name="cosignerPolicies"/> chooses a co-signer's policies.</summary>
    public static async Task<SignerStack> StartAsync(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil, Func<string, PolicyBook?>? cosignerPolicies = null)
    {
        var stack = new SignerStack(anvil);
        var standard = new PolicyBook([stack.Policy.Policy]);
        await stack.InitializeAsync(pubSub, firestore, name => cosignerPolicies?.Invoke(name) ?? standard);
        return stack;
    }

    private async Task InitializeAsync(PubSubEmulator pubSub, FirestoreEmulator firestore, Func<string, PolicyBook> cosignerPolicies)
    {
        var ct = TestContext.Current.CancellationToken;
        var socket = Path.Combine(_root, "teeserver.sock");
        _attestation = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions
        {
            EnvironmentName = "Test", LauncherSocketPath = socket, Profile = new DevTokenProfile { ImageDigest = ImageDigest },
        }, ct);
        _tokens = await DevIdTokenIssuer.StartAsync("Test", ct: ct);
        var (policies, approvers) = Policy.WriteFolders(_root);
        PolicyDirectory = policies;

        // The signer's identity is sealed like its shares; the roster pins every party's public keys.
        var kek = Path.Combine(_root, "signer.kek");
        var identityFile = Path.Combine(_root, "signer.identity");
        PinnedParty signer;
        using (var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = kek }, "Test"))
        {
            signer = await PartyIdentityFile.CreateAsync(identityFile, "signer", PartyId.Create(Ids["signer"]), new KeySealer(provider), ct);
        }

        var attestation = new AttestationVerifierOptions
        {
            EnvironmentName = "Test", Issuer = _attestation.Issuer, Audience = AttestationAudience, AllowedImageDigests = [ImageDigest],
        };
        // The co-signers' own Firestore clients (in production each its own database).
        _cosignerChannels = new Custody.Gcp.Channels.GoogleChannelFactory(new Custody.Gcp.GoogleCloudOptions { ProjectId = ProjectId, UseEmulators = true, FirestoreEmulatorHost = firestore.Host },
            _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        foreach (var name in new[] { "cosigner-a", "cosigner-b" })
        {
            Cosigners[name] = new TestCosigner(name, PartyKeys.Generate(PartyId.Create(Ids[name])), Path.Combine(_root, name), new FirestoreDatabase(_cosignerChannels),
                cosignerPolicies(name), Policy.Registry, attestation);
        }

        var roster = Path.Combine(_root, "roster.json");
        File.WriteAllBytes(roster, PartyRoster.Write(new Dictionary<string, PinnedParty>
        {
            ["signer"] = signer, ["cosigner-a"] = Cosigners["cosigner-a"].Keys.Pinned(), ["cosigner-b"] = Cosigners["cosigner-b"].Keys.Pinned(),
        }));
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Google:ProjectId"] = ProjectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = pubSub.Host,
            ["Google:FirestoreEmulatorHost"] = firestore.Host,
            ["Messaging:Source"] = SignerEvents.Source,
            ["Messaging:ProvisionTopology"] = "true",
            ["Authentication:Authority"] = _tokens.Issuer,
            ["Authentication:Audience"] = Audience,
            ["Keys:Provider"] = "dev-file",
            ["Keys:DevFile:Path"] = kek,
            ["Signer:IdentityFile"] = identityFile,
            ["Signer:RosterFile"] = roster,
            ["Signer:PolicyDirectory"] = policies,
            ["Signer:ApproversDirectory"] = approvers,
            ["Signer:NodeUrl"] = Anvil.Endpoint.ToString(),
            ["Signer:CoordinatorListenAddress"] = "127.0.0.1",
            ["Signer:CoordinatorPort"] = "0",
            ["Signer:AttestationSocket"] = socket,
            ["Signer:AttestationAudience"] = AttestationAudience,
        })
        {
            _settings[key] = value;
        }

        _ = Services; // starts the signer
        var endpoint = Services.GetRequiredService<CoordinatorEndpoint>();
        var pinned = Services.GetRequiredService<SignerIdentity>().Roster.Parties.Values.ToList();
        foreach (var cosigner in Cosigners.Values)
        {
            await cosigner.ConnectAsync(endpoint.Address!, PartyId.Create(Ids["signer"]), endpoint.CertificatePin, pinned);
            await Hub.WaitForAsync(cosigner.Id, ct);
        }
    }

    /// <summary>An HTTP client of the admin API with an operator's token (or <paramref name="roles"/>).</summary>
    public HttpClient Operator(params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", _tokens.Issue("operator-1", roles.Length == 0 ? [ServiceRoles.Operator] : roles, Audience));
        return client;
    }

    /// <summary>Runs the key ceremony of a 2-of-3 wallet through the admin API and funds it with 10 ETH from anvil.</summary>
    public async Task<KeygenResponse> CreateWalletAsync(string walletId)
    {
        using var client = Operator();
        var response = await client.PostAsJsonAsync("/v1/wallets", new KeygenRequest(walletId, 2, ["signer", "cosigner-a", "cosigner-b"], [SignerPolicy.ChainId]),
            AdminJsonContext.Default.KeygenRequest, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var wallet = (await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.KeygenResponse, TestContext.Current.CancellationToken))!;
        await Anvil.FundAsync(Ethereum.Address.Parse(wallet.Address), Ethereum.UInt256.Parse("10000000000000000000"));
        return wallet;
    }

    /// <summary>What the policy service does on quorum: the request stored as Approved, then transaction-approved published.</summary>
    public async Task PublishApprovedAsync(TransactionApproved approved)
    {
        await StoreApprovedAsync(approved);
        await Services.GetRequiredService<IEventBus>().PublishAsync(approved, ct: TestContext.Current.CancellationToken);
    }

    public async Task StoreApprovedAsync(TransactionApproved approved)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new TransactionRecord
        {
            RequestId = approved.RequestId, BodyHash = "test-" + approved.RequestId, State = TransactionState.Approved, WalletId = approved.Request.WalletId,
            Request = approved.Request, IntentHash = TransactionIntent.Create(approved.Request).Hash.ToString(), Decision = "REQUIRE_APPROVAL",
            RuleId = approved.Evidence.RuleId, PolicyId = approved.Evidence.PolicyId, DecidedAt = approved.Evidence.DecidedAt, Approvals = approved.Evidence.Approvals,
            CreatedAt = now, UpdatedAt = now, TraceId = "",
        };
        var store = Services.GetRequiredService<TransactionStore>();
        await Database.RunTransactionAsync((tx, ct) => store.CreateIfAbsentAsync(tx, record, ct), ct: TestContext.Current.CancellationToken);
    }

    /// <summary>A delivery straight to the signer's handler (a redelivery, deterministically).</summary>
    public Task DeliverAsync(TransactionApproved approved) =>
        ActivatorUtilities.CreateInstance<ApprovedHandler>(Services).HandleAsync(new EventContext<TransactionApproved>
        {
            Event = approved, EventId = Guid.NewGuid().ToString(), Type = TransactionApproved.WireName, Source = "//custody/policy", Time = DateTimeOffset.UtcNow,
            DeliveryAttempt = 2, MessageId = "redelivery", PublishTime = DateTimeOffset.UtcNow, SubscriptionId = SignerEvents.ApprovedSubscription,
        }, TestContext.Current.CancellationToken);

    /// <summary>What the broadcaster does when it takes the signed transaction: Signed -> Broadcast.</summary>
    public async Task MarkBroadcastAsync(string requestId)
    {
        var store = Services.GetRequiredService<TransactionStore>();
        var moved = await Database.RunTransactionAsync((tx, ct) => store.TryTransitionAsync(tx, requestId, TransactionState.Signed, TransactionState.Broadcast, r => r, DateTimeOffset.UtcNow, "", ct),
            ct: TestContext.Current.CancellationToken);
        Assert.NotNull(moved);
    }

    /// <summary>transaction-replacement-requested on Pub/Sub with the wallet as ordering key, as the broadcaster's outbox does.</summary>
    public Task PublishReplacementAsync(TransactionReplacementRequested requested) =>
        Services.GetRequiredService<IEventBus>().PublishAsync(requested, requested.WalletId, TestContext.Current.CancellationToken);

    /// <summary>A delivery of a replacement request straight to the signer's handler (a redelivery or a restarted signer, deterministically).</summary>
    public Task DeliverAsync(TransactionReplacementRequested requested) =>
        ActivatorUtilities.CreateInstance<ReplacementHandler>(Services).HandleAsync(new EventContext<TransactionReplacementRequested>
        {
            Event = requested, EventId = Guid.NewGuid().ToString(), Type = TransactionReplacementRequested.WireName, Source = "//custody/broadcaster", Time = DateTimeOffset.UtcNow,
            DeliveryAttempt = 2, MessageId = "redelivery", PublishTime = DateTimeOffset.UtcNow, SubscriptionId = SignerEvents.ReplacementSubscription,
        }, TestContext.Current.CancellationToken);

    public Task<IReadOnlyList<Gcp.Audit.AuditRecord>> AuditAsync(string requestId) => AuditTrail.OfAsync(Database, requestId, TestContext.Current.CancellationToken);

    /// <summary>Waits until the request's record satisfies <paramref name="condition"/>; the deadline only guards against a hang.</summary>
    public async Task<TransactionRecord> WaitForAsync(string requestId, Func<TransactionRecord, bool> condition, string what)
    {
        TransactionRecord? record = null;
        await Eventually.UntilAsync(async () => (record = await RecordAsync(requestId)) is { } r && condition(r),
            TimeSpan.FromSeconds(300), $"{requestId}: {what} (is {record?.State.ToString() ?? "absent"}, replacement {record?.Replacement})", TestContext.Current.CancellationToken);
        return record!;
    }

    public async Task<TransactionRecord?> RecordAsync(string requestId) =>
        (await Services.GetRequiredService<TransactionStore>().GetAsync(requestId, TestContext.Current.CancellationToken))?.Value;

    /// <summary>Waits for the state; the deadline only guards against a hang (20 requests on one wallet serialize on its nonce counter and the audit chain).</summary>
    public async Task<TransactionRecord> WaitForStateAsync(string requestId, TransactionState state)
    {
        TransactionRecord? record = null;
        await Eventually.UntilAsync(async () => (record = await RecordAsync(requestId))?.State == state,
            TimeSpan.FromSeconds(300), $"{requestId} to be {state} (is {record?.State.ToString() ?? "absent"}: {record?.SigningNote})", TestContext.Current.CancellationToken);
        return record!;
    }

    /// <summary>The transaction-signed entries the signer committed for a request.</summary>
    public Task<IReadOnlyList<OutboxEntry>> SignedEventsAsync(string requestId) => EventsAsync(TransactionSigned.WireName, requestId);

    /// <summary>The outbox entries of <paramref name="wireName"/> for a request, of every service of the project.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> EventsAsync(string wireName, string requestId)
    {
        var all = await Database.QueryAsync(DocumentQuery.Collection(OutboxWriter.EntriesCollection), OutboxEntryMapper.Instance, TestContext.Current.CancellationToken);
        return [.. all.Select(d => d.Value).Where(e => e.Message.Attributes["ce-type"] == wireName
            && System.Text.Encoding.UTF8.GetString(e.Message.Data.Span).Contains($"\"requestId\":\"{requestId}\"", StringComparison.Ordinal))];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(Spans)));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var cosigner in Cosigners.Values)
        {
            await cosigner.DisposeAsync();
        }

        await base.DisposeAsync();
        _cosignerChannels.Dispose();
        await _attestation.DisposeAsync();
        await _tokens.DisposeAsync();
        Policy.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
