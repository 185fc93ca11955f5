using Custody.Contracts.Approvals;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Intake.Apis;
using Custody.Intake.Requests;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Custody.Intake.Extensions;

/// <summary>All of intake's dependency injection (docs/conventions.md, "Services").</summary>
public static class IntakeExtensions
{
    public static IHostApplicationBuilder AddIntakeServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApprovalsJsonContext.Default));
        services.AddAuthorizationBuilder()
            .AddPolicy(TransactionsApi.ReadersPolicy, p => p.RequireAuthenticatedUser().RequireRole(ServiceRoles.UpstreamApp, ServiceRoles.Approver));

        services.TryAddSingleton(TimeProvider.System);
        services.AddCustodyOutbox();
        services.AddSingleton<TransactionStore>();
        services.AddSingleton<WalletRegistry>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<IntakeProcessor>();
        AddSubscriptions(services, builder.Configuration);
        return builder;
    }

    // The events intake publishes and the one subscription it consumes, with its limits.
    private static void AddSubscriptions(IServiceCollection services, IConfiguration configuration)
    {
        var intake = configuration.GetSection(IntakeOptions.SectionName).Get<IntakeOptions>() ?? new IntakeOptions();
        services.AddCustodyMessaging(configuration)
            .AddEvent(IntakeTopology.Requested, IntakeTopology.RequestedTopic)
            .AddEvent(IntakeTopology.Validated, IntakeTopology.ValidatedTopic)
            .AddEvent(IntakeTopology.Rejected, IntakeTopology.RejectedTopic)
            .AddSubscription<Contracts.Events.TransactionRequested, TransactionRequestedHandler>(IntakeTopology.RequestedSubscription, configure: s =>
            {
                s.MaxMessageBytes = intake.MaxBodyBytes;
                s.MaxConcurrentHandlers = intake.MaxConcurrentHandlers;
            });
    }
}
