using System.Net.Http.Headers;
using System.Security.Cryptography;
using Custody.Contracts.Events;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Intake.Tests.Support;

/// <summary>
/// The emulators, a dev OIDC issuer, the intake service (WebApplicationFactory of its real Program) and an
/// observer of what it publishes. Requests are made with fresh ids by every test.
/// </summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public const string Audience = "custody-intake-tests";
    public const string WalletId = "treasury-hot-1";
    public const string WalletAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    public const string Payee = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    public const ulong ChainId = 31337;
    public const int MaxBodyBytes = 16 * 1024;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly PubSubEmulator _pubsub = new();
    private readonly FirestoreEmulator _firestore = new();
    private IntakeFactory? _factory;
    private EventObserver? _observer;

    public DevIdTokenIssuer Issuer { get; private set; } = null!;

    public string ProjectId { get; } = GoogleEmulator.NewProjectId("intake");

    public IServiceProvider Services => _factory!.Services;

    internal EventObserver Observer => _observer!;

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(_pubsub.InitializeAsync().AsTask(), _firestore.InitializeAsync().AsTask());
        Issuer = await DevIdTokenIssuer.StartAsync("Test");
        _factory = new IntakeFactory(new Dictionary<string, string?>
        {
            ["Google:ProjectId"] = ProjectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = _pubsub.Host,
            ["Google:FirestoreEmulatorHost"] = _firestore.Host,
            ["Messaging:ProvisionTopology"] = "true",
            ["Authentication:Authority"] = Issuer.Issuer,
            ["Authentication:Audience"] = Audience,
            ["Intake:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _ = _factory.Server; // starts the host: options validated, topology provisioned, subscription streaming
        _observer = await EventObserver.StartAsync(Services.GetRequiredService<GoogleChannelFactory>(), Services.GetRequiredService<PubSubProvisioner>(), CancellationToken.None);
        await Services.GetRequiredService<WalletRegistry>().RegisterAsync(new WalletRecord(WalletId, WalletAddress, [1, ChainId]));
    }

    public async ValueTask DisposeAsync()
    {
        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        await _pubsub.DisposeAsync();
        await _firestore.DisposeAsync();
    }

    /// <summary>An HTTP client of the in-process service, with a dev token for <paramref name="subject"/> holding <paramref name="roles"/> (none: no token).</summary>
    public HttpClient Client(string? subject = null, params string[] roles)
    {
        var client = _factory!.CreateClient();
        if (subject is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Issue(subject, roles, Audience));
        }

        return client;
    }

    public HttpClient App(string subject = "payments-app") => Client(subject, ServiceRoles.UpstreamApp);

    public static string NewId(string prefix = "req") => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>A valid native transfer of 1 ETH from the registered wallet.</summary>
    public static TransactionRequested ValidRequest(string? requestId = null) =>
        new(requestId ?? NewId(), WalletId, WalletAddress, ChainId, Payee, "1000000000000000000", "0x", "payments-service", DateTimeOffset.UtcNow);

    /// <summary>Publishes raw bytes with the given attributes to transaction-requested, as an upstream app could.</summary>
    public Task<string> PublishRawAsync(ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string> attributes) =>
        Services.GetRequiredService<PubSubPublisher>().PublishAsync(IntakeTopology.RequestedTopic, new OutgoingMessage(data, attributes), TestContext.Current.CancellationToken);

    /// <summary>Publishes a request as an upstream app would (CloudEvents attributes of transaction-requested), plus a marker attribute.</summary>
    public Task<string> PublishAsync(TransactionRequested request, string? marker = null)
    {
        var message = EventEnvelope.Create(request, IntakeTopology.Requested, "//tests/upstream-app", null);
        return PublishRawAsync(message.Data, WithMarker(message.Attributes, marker));
    }

    public static Dictionary<string, string> WithMarker(IReadOnlyDictionary<string, string> attributes, string? marker)
    {
        var copy = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        if (marker is not null)
        {
            copy[EventObserver.MarkerAttribute] = marker;
        }

        return copy;
    }
}
