using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Keys.DevFile;
using Custody.Keys.Kms;
using Custody.Keys.Pkcs11;
using Custody.Keys.Sealing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Custody.Keys.Hosting;

/// <summary>Registers sealed key storage with the provider chosen by configuration (docs/keys.md "Configuration").</summary>
public static class KeySealingServiceCollectionExtensions
{
    /// <summary>Configuration section of key sealing.</summary>
    public const string SectionName = "Keys";

    /// <summary>
    /// Registers <see cref="IKeyEncryptionProvider"/> and <see cref="KeySealer"/> from section <c>Keys</c>:
    /// <c>Keys:Provider</c> = <c>kms</c> (Keys:Kms), <c>pkcs11</c> (Keys:Pkcs11) or <c>dev-file</c> (Keys:DevFile).
    /// Options are validated now; the provider is created when the host starts, so a refusal (dev-file outside
    /// Development/Local/Test, missing PIN, unknown token) stops the host instead of surfacing at first use.
    /// </summary>
    public static IServiceCollection AddCustodyKeySealing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var provider = section["Provider"]?.Trim().ToLowerInvariant();
        switch (provider)
        {
            case "kms":
                var kms = Bind<KmsKeyEncryptionOptions>(section, "Kms");
                services.AddOptions<GoogleCloudOptions>().Bind(configuration.GetSection(GoogleCloudOptions.SectionName));
                services.TryAddSingleton<GoogleChannelFactory>();
                services.AddSingleton<IKeyEncryptionProvider>(sp =>
                    new KmsKeyEncryptionProvider(sp.GetRequiredService<GoogleChannelFactory>().ChannelFor(GoogleApi.Kms), kms));
                break;
            case "pkcs11":
                var pkcs11 = Bind<Pkcs11Options>(section, "Pkcs11");
                services.AddSingleton<IKeyEncryptionProvider>(_ => new Pkcs11KeyEncryptionProvider(pkcs11));
                break;
            case "dev-file":
                var devFile = Bind<DevFileKeyOptions>(section, "DevFile");
                services.AddSingleton<IKeyEncryptionProvider>(sp =>
                    new DevFileKeyEncryptionProvider(devFile, sp.GetService<IHostEnvironment>()?.EnvironmentName));
                break;
            default:
                throw new InvalidOperationException(
                    $"Keys:Provider is '{provider ?? "(not set)"}'; it must be kms (Cloud KMS), pkcs11 (an HSM) or dev-file (local development only).");
        }

        services.AddSingleton(sp => new KeySealer(sp.GetRequiredService<IKeyEncryptionProvider>()));
        services.AddHostedService<KeySealingStartupCheck>();
        return services;
    }

    private static T Bind<T>(IConfigurationSection keys, string name)
        where T : class, IValidatedOptions, new()
    {
        var options = new T();
        keys.GetSection(name).Bind(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException($"Invalid configuration of Keys:{name}: {string.Join(" ", errors)}");
    }
}
