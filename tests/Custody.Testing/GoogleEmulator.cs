using Xunit;

namespace Custody.Testing;

/// <summary>
/// One of Google's official emulators (Pub/Sub, Firestore) from the installed Google Cloud CLI, started with
/// <c>java</c> on a free loopback port, or an already running one named by the standard environment variable.
/// Use through <see cref="PubSubEmulator"/> and <see cref="FirestoreEmulator"/> as xunit assembly fixtures;
/// give each test class its own project id (<see cref="NewProjectId"/>) for isolation.
/// </summary>
public abstract class GoogleEmulator : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private ChildProcess? _process;

    /// <summary>host:port of the running emulator.</summary>
    public string Host { get; private set; } = "";

    protected abstract string Name { get; }

    protected abstract string EnvironmentVariable { get; }

    /// <summary>A fresh, valid project id: emulators keep projects apart, so tests never see each other's data.</summary>
    public static string NewProjectId(string prefix = "test") =>
        $"{prefix}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5))}";

    public async ValueTask InitializeAsync()
    {
        var existing = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            Host = existing.Trim();
            await WaitUntilReadyAsync(null).ConfigureAwait(false);
            return;
        }

        var sdk = Environment.GetEnvironmentVariable("CLOUDSDK_ROOT") ?? "/usr/lib/google-cloud-sdk";
        var port = FreePort.Next();
        Host = $"127.0.0.1:{port}";
        _process = ChildProcess.Start("java", JavaArguments(Path.Combine(sdk, "platform"), port));
        await WaitUntilReadyAsync(_process).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The java arguments that start this emulator (GCP.md, "The official emulators").</summary>
    protected abstract IEnumerable<string> JavaArguments(string platformDirectory, int port);

    protected static string Missing(string what, string component) =>
        $"{what} is not installed. Install the Google Cloud CLI and run `gcloud components install {component}` " +
        "(or start the emulator elsewhere and set the standard *_EMULATOR_HOST variable).";

    private async Task WaitUntilReadyAsync(ChildProcess? process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (process is { HasExited: true })
                {
                    throw new InvalidOperationException($"The {Name} emulator exited during start-up:{Environment.NewLine}{process.RecentOutput}");
                }

                var body = await http.GetStringAsync(new Uri($"http://{Host}/")).ConfigureAwait(false);
                return body.StartsWith("Ok", StringComparison.Ordinal);
            },
            StartDeadline,
            $"the {Name} emulator at {Host}").ConfigureAwait(false);
    }
}
