using Custody.Attestation.Client;
using Custody.Contracts.Admin;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Chain;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Domain.Signing;
using Custody.Mpc.Keys;
using Custody.Parties.Channel;
using Custody.Signer.Coordination;
using Custody.Signer.Nonces;
using Custody.Signer.Replacements;
using Custody.Signer.Signing;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.Signing.Ledger;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Signer.Extensions;

/// <summary>All of the signer's dependency injection (docs/conventions.md "Services", docs/signing.md "The signer").</summary>
public static class SignerServiceExtensions
{
    public static IHostApplicationBuilder AddSigner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SignerOptions>().BindConfiguration(SignerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SignerTelemetry>();
        services.AddCustodyKeySealing(builder.Configuration);

        // What the signer relies on is its own: loaded at start, an invalid file or folder stops the service.
        services.AddSingleton(sp => SignerIdentity.LoadAsync(Options(sp), sp.GetRequiredService<IKeyEncryptionProvider>(), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp => PolicyBook.Load(Options(sp).PolicyDirectory));
        services.AddSingleton(sp => ApproverDirectory.Load(Options(sp).ApproversDirectory));
        AddParty(services);
        AddState(services);
        AddNode(services);
        AddEvents(services, builder.Configuration);
        services.AddSingleton<CoordinatorEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<CoordinatorEndpoint>());
        services.AddHostedService<NonceReconciler>();
        return builder;
    }

    /// <summary>The signer as an MPC party and coordinator: hub, shares, ledger, signing log, admission, coordinators.</summary>
    private static void AddParty(IServiceCollection services)
    {
        services.AddSingleton(sp => new PartyHub(sp.GetRequiredService<SignerIdentity>().Directory, sp.GetRequiredService<ILogger<PartyHub>>()));
        services.AddSingleton<IShareStore>(sp => new FirestoreShareStore(sp.GetRequiredService<FirestoreDatabase>(), Options(sp).Party, sp.GetRequiredService<IKeyEncryptionProvider>()));
        services.AddSingleton<ISessionLedger>(sp => new FirestoreSessionLedger(sp.GetRequiredService<FirestoreDatabase>(), Options(sp).Party));
        services.AddSingleton<ISigningLog>(sp => new FirestoreSigningLog(sp.GetRequiredService<FirestoreDatabase>(), Options(sp).Party));
        services.AddSingleton(sp => new PartySessions(
            Options(sp).Party, sp.GetRequiredService<IShareStore>(), sp.GetRequiredService<ISessionLedger>(), sp.GetRequiredService<ISigningLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PartyAdmission(
            Options(sp).Party, sp.GetRequiredService<IShareStore>(), sp.GetRequiredService<PolicyBook>(), sp.GetRequiredService<ApproverRegistry>(),
            null, sp.GetRequiredService<ISigningLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConfidentialSpaceTokenClient(Options(sp).AttestationSocket));
        services.AddSingleton<ISessionAttester>(sp => new LauncherSessionAttester(sp.GetRequiredService<ConfidentialSpaceTokenClient>(), Options(sp).AttestationAudience));
        services.AddSingleton(sp => new CoordinatorSettings(TimeSpan.FromSeconds(Options(sp).RequestTimeoutSeconds), TimeSpan.FromSeconds(Options(sp).SessionTimeoutSeconds)));
        services.AddSingleton(sp => new SigningCoordinator(
            Options(sp).Party, sp.GetRequiredService<PartyHub>(), sp.GetRequiredService<IShareStore>(), sp.GetRequiredService<PartyAdmission>(),
            sp.GetRequiredService<PartySessions>(), sp.GetRequiredService<ISessionAttester>(), sp.GetRequiredService<CoordinatorSettings>(),
            sp.GetRequiredService<ILogger<SigningCoordinator>>()));
        services.AddSingleton(sp => new KeyCeremonyCoordinator(
            Options(sp).Party, sp.GetRequiredService<PartyHub>(), sp.GetRequiredService<PartySessions>(), sp.GetRequiredService<CoordinatorSettings>(),
            sp.GetRequiredService<ILogger<KeyCeremonyCoordinator>>()));
    }

    private static void AddState(IServiceCollection services)
    {
        services.AddCustodyOutbox();
        services.AddSingleton(sp => new TransactionStore(sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton(sp => new WalletNonces(sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton(sp => new WalletRegistry(sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton<SigningRecords>();
    }

    private static void AddNode(IServiceCollection services)
    {
        services.AddHttpClient(nameof(EthereumNode));
        services.AddSingleton(sp => new EthereumNode(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(EthereumNode)), new Uri(Options(sp).NodeUrl)));
        services.AddSingleton<TransactionPlanner>();
        services.AddSingleton<SessionRunner>();
    }

    /// <summary>The signer's two subscriptions (approved requests; fee replacements, ordered by wallet) and the event it publishes.</summary>
    private static void AddEvents(IServiceCollection services, IConfiguration configuration) =>
        services.AddCustodyMessaging(configuration)
            .AddEvent(SignerEvents.Approved, Topics.Approved)
            .AddEvent(SignerEvents.Signed, Topics.Signed)
            .AddSubscription<TransactionApproved, ApprovedHandler>(SignerEvents.ApprovedSubscription, configure: s =>
            {
                s.MaxConcurrentHandlers = 8;
                // No co-signer available is retried by redelivery; a request is dead-lettered only after this many.
                s.MaxDeliveryAttempts = 50;
            })
            .AddEvent(SignerEvents.ReplacementRequested, Topics.ReplacementRequested)
            .AddSubscription<TransactionReplacementRequested, ReplacementHandler>(SignerEvents.ReplacementSubscription, configure: s =>
            {
                // The broadcaster publishes with the wallet as ordering key: one wallet's replacements one at a time, in order.
                s.EnableMessageOrdering = true;
                s.MaxConcurrentHandlers = 8;
                s.MaxDeliveryAttempts = 50;
            });

    private static SignerOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<SignerOptions>>().Value;
}
