using System.Diagnostics;
using System.Globalization;
using Custody.Testing;

namespace Custody.Cli.Tests;

/// <summary>SIGTERM (as Ctrl+C's SIGINT) once the stack is up: the demo stops the whole stack, then exits 130.</summary>
[Collection(StackSessions.Collection)]
public sealed class when_the_demo_is_interrupted
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task it_stops_every_process_of_the_stack_and_exits_130()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "custody.dll"), "demo", "--port-base", "25000" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("custody did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        var seen = new List<string>();
        IReadOnlyList<int> sessions = [];
        try
        {
            // The stack is up once the demo names its sessions (after the AppHost's "stack ready").
            while (sessions.Count == 0 && await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                seen.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
                sessions = line.TrimStart().StartsWith("stack sessions:", StringComparison.Ordinal) ? StackSessions.In(line) : [];
            }

            // The failure message awaits the demo's stderr, which ends only when the demo exits: build it only on failure
            // (an eager `Assert.True(..., $"...{await stderr}")` held the SIGTERM back until the demo had finished).
            if (sessions.Count == 0)
            {
                Assert.Fail($"the demo ended before the stack was up:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}{Environment.NewLine}{await stderr}");
            }

            var kill = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
            kill.ArgumentList.Add("-TERM");
            kill.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
            using (var signal = Process.Start(kill) ?? throw new InvalidOperationException("kill did not start."))
            {
                var refused = await signal.StandardError.ReadToEndAsync(deadline.Token);
                await signal.WaitForExitAsync(deadline.Token);
                Assert.True(signal.ExitCode == 0, $"kill -TERM {process.Id} exited {signal.ExitCode} ({refused.Trim()}); the demo has exited: {process.HasExited}; its output:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}");
            }

            var rest = process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            seen.Add(await rest);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"custody demo did not stop within {Deadline.TotalMinutes} minutes.");
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {await stderr}{Environment.NewLine}{string.Join(Environment.NewLine, seen)}");
        Assert.Contains("interrupted; the local stack is shut down.", await stderr, StringComparison.Ordinal);
        Assert.Contains("stack stopped: no process is left in its sessions", string.Join(Environment.NewLine, seen), StringComparison.Ordinal);
        Assert.Empty(await StackSessions.AliveAsync(sessions));
    }
}
