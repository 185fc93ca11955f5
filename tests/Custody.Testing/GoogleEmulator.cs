using Custody.Gcp.Emulators;
using Xunit;

namespace Custody.Testing;

/// <summary>
/// One of Google's official emulators (Pub/Sub, Firestore) from the installed Google Cloud CLI, started with
/// <c>java</c> on a free loopback port (<see cref="EmulatorProcess"/>), or an already running one named by the
/// standard environment variable. Use through <see cref="PubSubEmulator"/> and <see cref="FirestoreEmulator"/>
/// as xunit assembly fixtures; give each test class its own project id (<see cref="NewProjectId"/>) for isolation.
/// </summary>
public abstract class GoogleEmulator : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private EmulatorProcess? _process;

    /// <summary>host:port of the running emulator.</summary>
    public string Host { get; private set; } = "";

    protected abstract GoogleEmulatorKind Kind { get; }

    /// <summary>A fresh, valid project id: emulators keep projects apart, so tests never see each other's data.</summary>
    public static string NewProjectId(string prefix = "test") =>
        $"{prefix}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5))}";

    public async ValueTask InitializeAsync()
    {
        var existing = Environment.GetEnvironmentVariable(EmulatorCommand.EnvironmentVariable(Kind));
        if (!string.IsNullOrWhiteSpace(existing))
        {
            Host = existing.Trim();
            await EmulatorProcess.WaitUntilReadyAsync(Kind, Host, StartDeadline).ConfigureAwait(false);
            return;
        }

        _process = await EmulatorProcess.StartAsync(Kind, StartDeadline).ConfigureAwait(false);
        Host = _process.Host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}
