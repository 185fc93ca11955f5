using Custody.Attestation.Verification;
using Custody.Cosigner.Link;
using Custody.Domain.Approvals;
using Custody.Domain.Signing;
using Custody.Gcp;
using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;
using Custody.Mpc.Keys;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.Signing.Ledger;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Custody.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Custody.Cosigner.Extensions;

/// <summary>All of the co-signer's dependency injection (docs/conventions.md "Services", docs/signing.md "What a party holds").</summary>
public static class CosignerServiceExtensions
{
    public static IHostApplicationBuilder AddCosigner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CosignerOptions>().BindConfiguration(CosignerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CosignerOptions>, CosignerOptionsValidation>();
        services.AddOptions<AttestationVerifierOptions>().BindConfiguration(AttestationVerifierOptions.SectionName)
            .Configure<IHostEnvironment>((o, env) => o.EnvironmentName = env.EnvironmentName);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddCustodyKeySealing(builder.Configuration);

        // Everything this party relies on is its own: loaded at start, an invalid folder stops the service.
        services.AddSingleton(sp => PolicyBook.Load(Options(sp).PolicyDirectory));
        services.AddSingleton(sp => ApproverDirectory.Load(Options(sp).ApproversDirectory));
        services.AddSingleton<IShareStore>(sp => new FolderShareStore(Options(sp).ShareDirectory, Options(sp).Party, sp.GetRequiredService<IKeyEncryptionProvider>()));
        services.AddOptions<GoogleCloudOptions>().Bind(builder.Configuration.GetSection(GoogleCloudOptions.SectionName));
        services.TryAddSingleton<GoogleChannelFactory>();
        services.AddSingleton(sp => new FirestoreDatabase(sp.GetRequiredService<GoogleChannelFactory>()));
        services.AddCustodyAuditLog();
        services.AddSingleton<ISessionLedger>(sp => new FirestoreSessionLedger(sp.GetRequiredService<FirestoreDatabase>(), Options(sp).Party));
        services.AddSingleton(sp => new FirestoreSigningLog(sp.GetRequiredService<FirestoreDatabase>(), Options(sp).Party));
        services.AddSingleton<ISigningLog>(sp => sp.GetRequiredService<FirestoreSigningLog>());
        services.AddHttpClient(nameof(OidcSigningKeySource));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AttestationVerifierOptions>>().Value;
            return new OidcSigningKeySource(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OidcSigningKeySource)), options.Issuer, options.EnvironmentName);
        });
        services.AddSingleton(sp => new AttestationVerifier(
            sp.GetRequiredService<IOptions<AttestationVerifierOptions>>().Value, sp.GetRequiredService<OidcSigningKeySource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PartyAdmission(
            Options(sp).Party, sp.GetRequiredService<IShareStore>(), sp.GetRequiredService<PolicyBook>(), sp.GetRequiredService<ApproverRegistry>(),
            sp.GetRequiredService<AttestationVerifier>(), sp.GetRequiredService<ISigningLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PartySessions(
            Options(sp).Party, sp.GetRequiredService<IShareStore>(), sp.GetRequiredService<ISessionLedger>(), sp.GetRequiredService<ISigningLog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CosignerNode(
            Options(sp).Party, sp.GetRequiredService<PartyAdmission>(), sp.GetRequiredService<PartySessions>(),
            sp.GetRequiredService<FirestoreSigningLog>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CosignerNode>>()));
        services.AddSingleton(sp => new CosignerRequestHandler(
            sp.GetRequiredService<CosignerNode>(), sp.GetRequiredService<PartySessions>(), TimeSpan.FromSeconds(Options(sp).SessionTimeoutSeconds),
            sp.GetRequiredService<ILogger<CosignerRequestHandler>>()));

        // Start order: the key provider (AddCustodyKeySealing), this party's policies and trust, then the link to the
        // signer (docs/signing.md "The co-signer service"); stop order is the reverse.
        services.AddHostedService<CosignerStartup>();
        services.AddSingleton<CoordinatorLinkService>();
        services.AddHostedService(sp => sp.GetRequiredService<CoordinatorLinkService>());
        return builder;
    }

    private static CosignerOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<CosignerOptions>>().Value;
}
