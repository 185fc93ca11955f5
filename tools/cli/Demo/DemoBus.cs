using System.Security.Cryptography;
using Custody.Contracts.Events;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.Cli.Demo;

/// <summary>
/// The real bus and state on the emulators: the messaging layer (AddCustodyMessaging, topology with dead-letter topics
/// provisioned on start), the three handlers, and the outbox relay, in one host. Disposing stops them.
/// </summary>
internal sealed class DemoBus : IAsyncDisposable
{
    public const string PolicySubscription = "policy-transaction-requested";
    public const string SignerSubscription = "signer-transaction-approved";
    public const string UpstreamSubscription = "app-transaction-confirmed";

    private readonly IHost _host;

    private DemoBus(IHost host, string projectId)
    {
        _host = host;
        ProjectId = projectId;
    }

    public string ProjectId { get; }

    public IEventBus Bus => _host.Services.GetRequiredService<IEventBus>();

    public DemoParts Parts => _host.Services.GetRequiredService<DemoParts>();

    public static async Task<DemoBus> StartAsync(LocalStack stack, Func<FirestoreDatabase, DemoParts> parts, CancellationToken ct)
    {
        var projectId = "custody-demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Local" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Google:ProjectId"] = projectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = stack.PubSub.Host,
            ["Google:FirestoreEmulatorHost"] = stack.Firestore.Host,
            ["Messaging:Source"] = DemoParts.Source,
            ["Messaging:ProvisionTopology"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(sp => parts(new FirestoreDatabase(sp.GetRequiredService<GoogleChannelFactory>())));
        builder.Services.AddCustodyMessaging(builder.Configuration)
            .AddEvent(DemoEvents.Requested, DemoEvents.RequestedTopic)
            .AddEvent(DemoEvents.Approved, DemoEvents.ApprovedTopic)
            .AddEvent(DemoEvents.Confirmed, DemoEvents.ConfirmedTopic)
            .AddSubscription<TransactionRequested, PolicyHandler>(PolicySubscription, configure: s => s.EnableMessageOrdering = true)
            .AddSubscription<TransactionApproved, SigningHandler>(SignerSubscription, configure: s => s.EnableMessageOrdering = true)
            .AddSubscription<TransactionConfirmed, ConfirmationHandler>(UpstreamSubscription);
        builder.Services.AddSingleton(sp => new OutboxRelay(
            sp.GetRequiredService<DemoParts>().Database,
            new PubSubPublisherTransport(sp.GetRequiredService<PubSubPublisher>()),
            new OutboxRelayOptions { DirectPublishGrace = TimeSpan.Zero },
            sp.GetRequiredService<ILogger<OutboxRelay>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        var host = builder.Build();
        var demoParts = host.Services.GetRequiredService<DemoParts>();
        demoParts.Relay = host.Services.GetRequiredService<OutboxRelay>();
        demoParts.PolicyService = new DemoPolicyService(
            demoParts.Desk.File, demoParts.Desk.Registry, demoParts.Database, demoParts.Audit, demoParts.Outbox, demoParts.Relay);
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(host).ConfigureAwait(false);
            throw;
        }

        Narration.Line($"project {projectId}; topics {DemoEvents.RequestedTopic}, {DemoEvents.ApprovedTopic}, {DemoEvents.ConfirmedTopic}");
        foreach (var subscription in new[] { PolicySubscription, SignerSubscription, UpstreamSubscription })
        {
            Narration.Line($"subscription {subscription}: dead letters to {subscription}-dead-letter ({PubSubProvisioner.DeadLetterSubscriptionId(subscription)})");
        }

        Narration.Line("outbox relay running (Firestore outbox -> Pub/Sub)");
        return new DemoBus(host, projectId);
    }

    public async ValueTask DisposeAsync() => await StopAsync(_host).ConfigureAwait(false);

    private static async Task StopAsync(IHost host)
    {
        using var stopDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await host.StopAsync(stopDeadline.Token).ConfigureAwait(false);
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }
}
