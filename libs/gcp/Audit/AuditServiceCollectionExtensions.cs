using System.ComponentModel.DataAnnotations;
using Custody.Gcp.Firestore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Custody.Gcp.Audit;

/// <summary>One registration of the audit log for every service, so that all of them read the chain count from <see cref="AuditOptions"/>.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AuditLog"/> over the registered <see cref="FirestoreDatabase"/> and <see cref="TimeProvider"/>, its chain count validated at start.</summary>
    public static IServiceCollection AddCustodyAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).Validate(
            o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true), "Audit:Chains must be between 1 and 1024.")
            .ValidateOnStart();
        services.AddSingleton(sp => new AuditLog(
            sp.GetRequiredService<FirestoreDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AuditOptions>>().Value.Chains));
        return services;
    }
}
