using System.CommandLine;
using System.Runtime.InteropServices;

namespace Custody.Cli.Demo;

/// <summary>
/// <c>custody demo</c>: the whole flow through the real libraries in one process, against the Pub/Sub and Firestore
/// emulators and anvil on loopback (docs/demo.md). Narration on stdout; errors on stderr with exit code 1.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the local stack up after the flow, until Ctrl+C." };
        var command = new Command("demo", "Local end-to-end demo: key ceremony, policy, approvals, threshold signing and a transfer on anvil.");
        command.Options.Add(keepRunning);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(keepRunning), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool keepRunning, CancellationToken invocation)
    {
        // System.CommandLine 2.0.0 leaves Ctrl+C / SIGTERM unhandled (the process would die with its emulators and
        // anvil still running): turn them into cancellation so that the finally blocks stop everything.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var ct = stop.Token;
        Console.Out.WriteLine("Custody local demo: every step runs the real libraries; the parts run on loopback.");
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        try
        {
            await new DemoRun(new Narration()).RunAsync(keepRunning, ct).ConfigureAwait(false);
            return 0;
        }
#pragma warning disable CA1031 // Once interrupted, any failure is the interruption's (a gRPC call ends Cancelled, not with an OperationCanceledException).
        catch (Exception) when (ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync(keepRunning ? "stopped; the local stack is shut down." : "interrupted; the local stack is shut down.").ConfigureAwait(false);
            return keepRunning ? 0 : 130;
        }
        catch (DemoException e)
        {
            await Console.Error.WriteLineAsync($"demo failed: {e.Message}").ConfigureAwait(false);
            return 1;
        }
#pragma warning disable CA1031 // The demo's last resort: report any failure on stderr with a non-zero exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"demo failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
