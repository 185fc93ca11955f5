using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Policies;
using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Policy.Approvals;
using Custody.Policy.Decisions;
using Custody.Policy.Display;
using Custody.Policy.Expiry;
using Custody.Policy.Policies;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Policy.Extensions;

/// <summary>All of the policy service's dependency injection (docs/conventions.md "Services").</summary>
public static class PolicyServiceExtensions
{
    public static IHostApplicationBuilder AddPolicyService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PolicyServiceOptions>().BindConfiguration(PolicyServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApprovalsJsonContext.Default));
        services.AddSingleton(TimeProvider.System);

        // Loaded when PolicyStartup starts, before the subscriptions: an invalid file or key folder stops the service.
        services.AddSingleton(sp => PolicyFile.Load(Options(sp).File));
        services.AddSingleton(sp => new LoadedPolicies(sp.GetRequiredService<PolicyFile>(), sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton(sp => ApproverDirectory.Load(Options(sp).ApproversDirectory));
        services.AddSingleton(sp => new TokenRegistry(Options(sp)));
        services.AddHostedService<PolicyStartup>();

        // Every event is published right after its commit (StateChange.PublishAsync); the relay is the safety net.
        services.AddCustodyOutbox();
        services.AddSingleton(sp => new TransactionStore(sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton<StateChange>();
        services.AddSingleton<ReviewBuilder>();
        services.AddSingleton<VoteRecorder>();
        services.AddSingleton<ExpirySweeper>();

        AddEvents(services, builder.Configuration);
        services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        return builder;
    }

    /// <summary>What the policy service publishes and the one subscription it consumes.</summary>
    private static void AddEvents(IServiceCollection services, IConfiguration configuration) =>
        services.AddCustodyMessaging(configuration)
            .AddEvent(PolicyEvents.Validated, PolicyEvents.ValidatedTopic)
            .AddEvent(PolicyEvents.Approved, PolicyEvents.ApprovedTopic)
            .AddEvent(PolicyEvents.Rejected, PolicyEvents.RejectedTopic)
            .AddEvent(PolicyEvents.Expired, PolicyEvents.ExpiredTopic)
            .AddSubscription<TransactionValidated, ValidatedHandler>(PolicyEvents.ValidatedSubscription, configure: s =>
            {
                s.MaxConcurrentHandlers = 16;
                s.MaxDeliveryAttempts = 5;
            });

    private static PolicyServiceOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PolicyServiceOptions>>().Value;
}
