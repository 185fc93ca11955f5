using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Custody.Gcp.Emulators;

/// <summary>
/// A running Google emulator: started with <c>java</c> on a free loopback port (or an already running one,
/// when only <see cref="WaitUntilReadyAsync"/> is used), its recent output kept for diagnostics, and its
/// whole process tree killed on dispose. Used by the CLI (<c>custody bench pubsub</c>), the local demo and
/// the test fixtures.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private EmulatorProcess(GoogleEmulatorKind kind, Process process, string host)
    {
        Kind = kind;
        _process = process;
        Host = host;
    }

    public GoogleEmulatorKind Kind { get; }

    /// <summary>host:port of the emulator (plain h2c).</summary>
    public string Host { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the emulator printed, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <paramref name="kind"/> on a free loopback port and returns once it answers.</summary>
    public static async Task<EmulatorProcess> StartAsync(GoogleEmulatorKind kind, TimeSpan startDeadline, CancellationToken cancellationToken = default)
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in EmulatorCommand.JavaArguments(kind, port))
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var emulator = new EmulatorProcess(kind, process, $"127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => emulator.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Keep(e.Data);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException("Could not start java for the emulator.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("java is not on PATH; the Google emulators need a Java runtime.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync(kind, emulator.Host, startDeadline, () => process.HasExited ? emulator.RecentOutput : null, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Waits until the emulator at <paramref name="host"/> answers <c>Ok</c> on <c>GET /</c>.
    /// <paramref name="exitedOutput"/> returns the output of a process that died (fail fast), else null.
    /// </summary>
    public static async Task WaitUntilReadyAsync(GoogleEmulatorKind kind, string host, TimeSpan deadline, Func<string?>? exitedOutput = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        Exception? last = null;
        while (clock.Elapsed < deadline)
        {
            var died = exitedOutput?.Invoke();
            if (died is not null)
            {
                throw new InvalidOperationException($"The {kind} emulator exited during start-up:{Environment.NewLine}{died}");
            }

            try
            {
                var body = await http.GetStringAsync(new Uri($"http://{host}/"), cancellationToken).ConfigureAwait(false);
                if (body.StartsWith("Ok", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }

        throw new TimeoutException($"The {kind} emulator at {host} did not answer within {deadline.TotalSeconds:0} s." + (last is null ? "" : $" Last error: {last.Message}"), last);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; the OS finishes it.
        }

        _process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
