using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Custody.Cli;

/// <summary>
/// A service (its real host, the built <c>Custody.&lt;Name&gt;.dll</c>) run as a child process on a free loopback
/// port with the given settings as environment variables; its output goes to a log file. Disposing kills it.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri url, string log)
    {
        _process = process;
        Url = url;
        LogPath = log;
    }

    public Uri Url { get; }

    public string LogPath { get; }

    /// <summary>Starts service <paramref name="name"/>; its log is <c>{logName or name}.log</c> in <paramref name="logDirectory"/>.</summary>
    public static async Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string logDirectory, CancellationToken ct, string? logName = null)
    {
        var dll = Path.Combine(Demo.RepoLayout.Root(), "services", name.ToLowerInvariant(), "bin", "Release", "net10.0", $"Custody.{name}.dll");
        if (!File.Exists(dll))
        {
            throw new ArgumentException($"{dll} is missing: build it first (dotnet build services/{name.ToLowerInvariant()} -c Release).");
        }

        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = Path.Combine(logDirectory, $"{logName ?? name.ToLowerInvariant()}.log");
        var writer = new StreamWriter(log) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {name}");
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, url, log);
        try
        {
            await service.WaitHealthyAsync(name, ct).ConfigureAwait(false);
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }

    private async Task WaitHealthyAsync(string name, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new ArgumentException($"{name} exited with {_process.ExitCode} at start; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "health"), ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        throw new ArgumentException($"{name} did not become healthy within 90 s; see {LogPath}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
