using Custody.Gcp.Emulators;

namespace Custody.Testing;

/// <summary>
/// A server process a test fixture starts (emulator, anvil): output kept for diagnostics, the whole process
/// tree killed on dispose so nothing outlives the test run. Built on <see cref="OwnedProcess"/>, which the
/// CLI's emulator launcher shares.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly OwnedProcess _process;

    private ChildProcess(OwnedProcess process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => _process.RecentOutput;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new(OwnedProcess.Start(fileName, arguments, environment));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
