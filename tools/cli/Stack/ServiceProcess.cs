using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Custody.Cli;

/// <summary>
/// One part of a stack run as its own OS process (a service's real host, <c>dotnet Custody.&lt;Name&gt;.dll</c>, or any
/// other program such as anvil or <c>custody dev attestation</c>) with the given settings as environment variables;
/// its output is appended to a log file. It can be killed with SIGKILL (<see cref="KillAsync"/>) and started again
/// with exactly the same command line, settings, port and log (<see cref="StartAgainAsync"/>). Disposing kills it.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private readonly ProcessStartInfo _start;
    private readonly Func<CancellationToken, Task<bool>> _isReady;
    private readonly StreamWriter _log;
    private Process? _process;

    private ServiceProcess(string name, ProcessStartInfo start, Uri url, string logPath, Func<CancellationToken, Task<bool>>? isReady)
    {
        Name = name;
        _start = start;
        Url = url;
        LogPath = logPath;
        _isReady = isReady ?? (ct => AnswersOkAsync(new Uri(url, "health"), ct));
        _log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Name { get; }

    public Uri Url { get; }

    public string LogPath { get; }

    /// <summary>The OS process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts service <paramref name="name"/> (its Release build) on <paramref name="port"/> (a free one when 0); its log is <c>{logName or name}.log</c> in <paramref name="logDirectory"/>.</summary>
    public static Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string logDirectory, CancellationToken ct, string? logName = null, int port = 0)
    {
        var dll = Path.Combine(Demo.RepoLayout.Root(), "services", name.ToLowerInvariant(), "bin", "Release", "net10.0", $"Custody.{name}.dll");
        if (!File.Exists(dll))
        {
            throw new ArgumentException($"{dll} is missing: build it first (dotnet build services/{name.ToLowerInvariant()} -c Release).");
        }

        var url = new Uri($"http://127.0.0.1:{(port == 0 ? FreePort() : port)}/");
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal) { ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/') };
        return StartAsync(logName ?? name.ToLowerInvariant(), "dotnet", [dll], environment, url, logDirectory, isReady: null, ct, workingDirectory: Path.GetDirectoryName(dll));
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> and <paramref name="environment"/>; it is
    /// ready when <paramref name="isReady"/> says so (default: <c>GET {url}health</c> answers 200).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Uri url,
        string logDirectory, Func<CancellationToken, Task<bool>>? isReady, CancellationToken ct, string? workingDirectory = null)
    {
        // A service's content root is its build folder (its appsettings.json); other programs run in the log folder.
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? logDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var service = new ServiceProcess(name, start, url, Path.Combine(logDirectory, $"{name}.log"), isReady);
        try
        {
            await service.StartAgainAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return service;
    }

    /// <summary>Starts the process again (after <see cref="KillAsync"/>) with the same command line, settings and log; returns once it is ready.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is running; kill it first.");
        }

        _process?.Dispose();
        Write($"---- {DateTimeOffset.UtcNow:O} starting {Name}");
        var process = Process.Start(_start) ?? throw new InvalidOperationException($"cannot start {Name}");
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitReadyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything; returns once it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Write($"---- {DateTimeOffset.UtcNow:O} SIGKILL {Name}");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM: the process shuts down as it does when its operator stops it (anvil writes its state file); returns once it is gone.</summary>
    public async Task TerminateAsync(CancellationToken ct)
    {
        if (_process is { HasExited: false } process)
        {
            Write($"---- {DateTimeOffset.UtcNow:O} SIGTERM {Name}");
            UnixSignal.ToProcess("-TERM", process.Id);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log, for a failure message.</summary>
    public string Tail(int lines)
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var kept = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            kept.Enqueue(line);
            if (kept.Count > lines)
            {
                kept.Dequeue();
            }
        }

        return string.Join(Environment.NewLine, kept);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                if (_log.BaseStream.CanWrite)
                {
                    _log.WriteLine(line);
                }
            }
        }
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartDeadline)
        {
            if (_process!.HasExited)
            {
                throw new ArgumentException($"{Name} exited with {_process.ExitCode} at start; see {LogPath}:{Environment.NewLine}{Tail(30)}");
            }

            if (await _isReady(ct).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        throw new ArgumentException($"{Name} was not ready within {StartDeadline.TotalSeconds} s; see {LogPath}.");
    }

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>True when <paramref name="url"/> answers 200 (a service's <c>/health</c>: it is ready); false while nothing listens there yet.</summary>
    public static async Task<bool> AnswersOkAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await Probe.GetAsync(url, ct).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // slow start
        }
    }
}
