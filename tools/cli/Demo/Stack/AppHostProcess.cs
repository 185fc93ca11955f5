using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Custody.AppHost;

namespace Custody.Cli.Demo.Stack;

/// <summary>
/// The local stack (tools/apphost, docs/running.md) as the demo's child: the built AppHost started under setsid(1),
/// so it and everything it starts (DCP, the emulators, anvil, the services) form one process group that one SIGTERM
/// stops. <see cref="WaitReadyAsync"/> follows the AppHost's console until its "stack ready" line and fails at once on
/// a resource's "failed (exit code" line or the AppHost's exit; <see cref="DisposeAsync"/> always stops the group and
/// checks that no process of it is left.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private AppHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Observe(e.Data);
        _process.ErrorDataReceived += (_, e) => Observe(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(new DemoException($"the AppHost exited (code {ExitCodeOrUnknown()}) before the stack was ready; its last lines:{Environment.NewLine}{Tail(15)}"));
    }

    /// <summary>The session (and process group) id: the AppHost's pid.</summary>
    public int SessionId => _process.Id;

    /// <summary>The dashboard's login line as the AppHost printed it (its URL carries a one-time browser token), once seen.</summary>
    public string? DashboardLogin { get; private set; }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The built AppHost, of this command's own configuration (eng/demo.sh builds both in Release).</summary>
    public static string Assembly(string repo)
    {
        var path = Path.Combine(repo, "tools", "apphost", "bin", Configuration, "net10.0", "Custody.AppHost.dll");
        return File.Exists(path)
            ? path
            : throw new DemoException($"the AppHost is not built ({path} is missing): run ./eng/demo.sh, or dotnet build tools/apphost -c {Configuration}.");
    }

    public static AppHostProcess Start(string repo, StackPorts ports, string stackFolder)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Assembly(repo));
        // What the AppHost's launch profile sets for base 18000, here for any base; the stack's own settings.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["ASPNETCORE_URLS"] = Local(ports.Dashboard);
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Local(ports.DashboardOtlp);
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Local(ports.ResourceService);
        info.Environment["Stack__PortBase"] = ports.Base.ToString(CultureInfo.InvariantCulture);
        info.Environment["Stack__Folder"] = stackFolder;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DemoException("setsid did not start the AppHost.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DemoException($"cannot start the AppHost with setsid (util-linux): {ex.Message}", ex);
        }

        var host = new AppHostProcess(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            host._ready.TrySetException(new DemoException($"the AppHost exited at once (code {process.ExitCode}): {host.Tail(15)}"));
        }

        return host;
    }

    /// <summary>Until the AppHost says "stack ready"; a failed resource or the AppHost's exit ends the wait at once with the reason.</summary>
    public async Task<string> WaitReadyAsync(TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            return await _ready.Task.WaitAsync(deadline, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new DemoException($"the stack was not ready within {deadline.TotalMinutes:0} minutes; the AppHost's last lines:{Environment.NewLine}{Tail(15)}");
        }
    }

    /// <summary>The AppHost's last console lines (what a failure report shows).</summary>
    public string Tail(int lines) => string.Join(Environment.NewLine, _output.TakeLast(lines).Select(l => "    " + l));

    /// <summary>The sessions of the stack as last seen (the AppHost's and DCP's; <see cref="ProcessSession"/>).</summary>
    public IReadOnlySet<int> Sessions { get; private set; } = new HashSet<int>();

    /// <summary>Records the stack's sessions now (call once it runs; <see cref="StopAsync"/> looks again).</summary>
    public IReadOnlySet<int> FindSessions()
    {
        Sessions = new HashSet<int>(Sessions.Union(ProcessSession.StackSessions(SessionId)));
        return Sessions;
    }

    /// <summary>SIGTERM to the AppHost's group (the AppHost stops DCP, which stops every resource), then waits until no
    /// process of any of the stack's sessions is left; SIGKILL to every one of them only if that takes over two minutes.
    /// Returns what is still running (nothing, normally).</summary>
    public async ValueTask<IReadOnlyList<string>> StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            FindSessions();
            ProcessSession.Terminate(SessionId);
            using var deadline = new CancellationTokenSource(StopDeadline);
            try
            {
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                while (ProcessSession.Members(Sessions).Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token).ConfigureAwait(false); // polling /proc, not synchronising
                }
            }
            catch (OperationCanceledException)
            {
                foreach (var session in Sessions)
                {
                    ProcessSession.KillGroup(session);
                }
            }
        }

        return ProcessSession.Members(Sessions);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static string Local(int port) => $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}";

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }

        var text = line.Trim();
        if (text.StartsWith("Login to the dashboard at ", StringComparison.Ordinal))
        {
            DashboardLogin = text["Login to the dashboard at ".Length..];
        }
        else if (text.Contains(" failed (exit code", StringComparison.Ordinal))
        {
            _ready.TrySetException(new DemoException($"{text}{Environment.NewLine}the AppHost's last lines:{Environment.NewLine}{Tail(15)}"));
        }
        else if (text.StartsWith("stack ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult(text);
        }
    }

    private string ExitCodeOrUnknown()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }
}
