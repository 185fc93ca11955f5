using System.Diagnostics;
using System.Globalization;

namespace Custody.Cli.Tests;

/// <summary>SIGTERM (as Ctrl+C's SIGINT) during the demo stops every process it started before it exits.</summary>
public sealed class when_the_demo_is_interrupted
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task it_stops_the_emulators_and_anvil_and_exits_130()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "custody.dll"));
        info.ArgumentList.Add("demo");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("custody did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        var pids = new List<int>();
        try
        {
            // The stack is up once the key ceremony starts; its three pids were printed before.
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line && !line.StartsWith("[2]", StringComparison.Ordinal))
            {
                pids.AddRange(DemoProcesses.StartedIn(line));
            }

            using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync(deadline.Token);
            }

            var rest = process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            await rest;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"custody demo did not stop within {Deadline.TotalMinutes} minutes.");
        }

        var errors = await stderr;
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}, stderr: {errors}");
        Assert.Contains("interrupted; the local stack is shut down.", errors, StringComparison.Ordinal);
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(DemoProcesses.IsAlive(pid), $"process {pid} started by the demo is still running"));
    }
}
