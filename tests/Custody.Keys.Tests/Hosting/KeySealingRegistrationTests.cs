using Custody.Keys.DevFile;
using Custody.Keys.Hosting;
using Custody.Keys.Kms;
using Custody.Keys.Pkcs11;
using Custody.Keys.Sealing;
using Custody.Keys.Tests.Pkcs11;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Custody.Keys.Tests.Hosting;

internal static class Hosts
{
    public static IHost Build(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCustodyKeySealing(builder.Configuration);
        return builder.Build();
    }

    public static async Task<byte[]> RoundTripAsync(IHost host)
    {
        var sealer = host.Services.GetRequiredService<KeySealer>();
        var context = SealingContext.Create("wallet-di", "signer", 1);
        var blob = await sealer.SealAsync(new byte[] { 1, 2, 3 }, context, TestContext.Current.CancellationToken);
        using var unsealed = await sealer.UnsealAsync(blob, context, TestContext.Current.CancellationToken);
        return unsealed.Span.ToArray();
    }
}

public sealed class when_key_sealing_is_configured_with_the_dev_file : IDisposable
{
    private readonly TempDirectory _folder = new();

    private Dictionary<string, string?> Settings => new()
    {
        ["Keys:Provider"] = "dev-file",
        ["Keys:DevFile:Path"] = _folder.File("kek.bin"),
    };

    [Fact]
    public async Task a_development_host_seals_and_unseals()
    {
        using var host = Hosts.Build("Development", Settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.IsType<DevFileKeyEncryptionProvider>(host.Services.GetRequiredService<IKeyEncryptionProvider>());
        Assert.Equal([1, 2, 3], await Hosts.RoundTripAsync(host));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task a_production_host_refuses_to_start()
    {
        using var host = Hosts.Build("Production", Settings);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("refuses to start in environment 'Production'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("kek.bin")));
    }

    public void Dispose() => _folder.Dispose();
}

public sealed class when_key_sealing_configuration_is_wrong
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aws-kms")]
    public void an_unknown_provider_is_refused_at_registration(string? provider)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Hosts.Build("Development", new() { ["Keys:Provider"] = provider }));

        Assert.Contains("kms (Cloud KMS), pkcs11 (an HSM) or dev-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void kms_without_a_key_name_is_refused_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Hosts.Build("Production", new() { ["Keys:Provider"] = "kms" }));

        Assert.Contains("Keys:Kms:KeyName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void pkcs11_without_labels_is_refused_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Hosts.Build("Production", new() { ["Keys:Provider"] = "pkcs11" }));

        Assert.Contains("Keys:Pkcs11:TokenLabel", error.Message, StringComparison.Ordinal);
        Assert.Contains("Keys:Pkcs11:KeyLabel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void kms_is_registered_on_the_google_kms_channel()
    {
        using var host = Hosts.Build("Production", new()
        {
            ["Keys:Provider"] = "kms",
            ["Keys:Kms:KeyName"] = "projects/custody-test/locations/global/keyRings/r/cryptoKeys/k",
            ["Keys:Kms:MaxIntegrityAttempts"] = "5",
            ["Google:ProjectId"] = "custody-test",
        });

        var provider = Assert.IsType<KmsKeyEncryptionProvider>(host.Services.GetRequiredService<IKeyEncryptionProvider>());

        Assert.Equal("projects/custody-test/locations/global/keyRings/r/cryptoKeys/k", provider.KeyReference);
    }
}

[Collection("softhsm")]
public sealed class when_key_sealing_is_configured_with_pkcs11(SoftHsmToken token)
{
    [Fact]
    public async Task a_production_host_seals_and_unseals_with_the_hsm()
    {
        using var host = Hosts.Build("Production", new()
        {
            ["Keys:Provider"] = "pkcs11",
            ["Keys:Pkcs11:ModulePath"] = Pkcs11Options.SoftHsmModulePath,
            ["Keys:Pkcs11:TokenLabel"] = SoftHsmToken.TokenLabel,
            ["Keys:Pkcs11:KeyLabel"] = SoftHsmToken.KeyLabel,
            ["Keys:Pkcs11:PinEnvironmentVariable"] = SoftHsmToken.PinVariable,
        });
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(token.Provider.KeyReference, host.Services.GetRequiredService<IKeyEncryptionProvider>().KeyReference);
        Assert.Equal([1, 2, 3], await Hosts.RoundTripAsync(host));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
