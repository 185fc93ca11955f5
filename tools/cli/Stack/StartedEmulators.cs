using Custody.Gcp.Emulators;

namespace Custody.Cli;

/// <summary>Emulators this run started (none when hosts were given), stopped at the end.</summary>
internal sealed class StartedEmulators : IAsyncDisposable
{
    private readonly List<EmulatorProcess> _started = [];

    public async Task<string> StartAsync(GoogleEmulatorKind kind, CancellationToken ct)
    {
        await Console.Error.WriteLineAsync($"starting the {kind} emulator ...").ConfigureAwait(false);
        var process = await EmulatorProcess.StartAsync(kind, TimeSpan.FromSeconds(90), ct).ConfigureAwait(false);
        _started.Add(process);
        return process.Host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _started)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
