using Custody.Keys.Sealing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Custody.Keys.Hosting;

/// <summary>Creates the key-encryption provider when the host starts, so that a provider that refuses to run stops the host (fail closed).</summary>
internal sealed class KeySealingStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IKeyEncryptionProvider>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
