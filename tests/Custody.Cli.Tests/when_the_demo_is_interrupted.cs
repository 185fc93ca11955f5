using System.Diagnostics;
using System.Globalization;
using Custody.Testing;

namespace Custody.Cli.Tests;

/// <summary>SIGTERM (as Ctrl+C's SIGINT) once the stack is up: the demo stops the whole stack, then exits 130.</summary>
[Collection(StackSessions.Collection)]
public sealed class when_the_demo_is_interrupted
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    [Fact(Skip = "Known broken: SIGTERM sent from the test host after 'stack sessions' is not acted on by the demo (no 'SIGTERM: stopping' line, it runs to exit 0; re-run after the merge of main 2026-12-07), while `custody dev issuer` started the same way stops on the same kill (probed: no signal blocked or ignored in the child), and a SIGTERM from a shell stops the demo; cause not found yet.")]
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
                seen.Add(line);
                sessions = StackSessions.In(line);
            }

            Assert.True(sessions.Count > 0, $"the demo ended before the stack was up:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}{Environment.NewLine}{await stderr}");
            using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync(deadline.Token);
                Assert.Equal(0, signal.ExitCode);
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
