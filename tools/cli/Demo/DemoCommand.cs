using System.CommandLine;
using System.Runtime.InteropServices;
using Custody.AppHost;

namespace Custody.Cli.Demo;

/// <summary>
/// <c>custody demo</c>: starts the local stack (tools/apphost: every service its own process), plays the reference
/// scenario through the services' APIs and stops the stack again (docs/demo.md). Narration on stdout; a failure is
/// one <c>demo failed:</c> line on stderr with exit code 1; Ctrl+C or SIGTERM stops the stack and exits 130.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the local stack up after the scenario, until Ctrl+C." };
        var portBase = new Option<int>("--port-base")
        {
            Description = "Base of the stack's loopback ports (intake base+80, policy +81, signer +82, dashboard +888; docs/running.md).",
            DefaultValueFactory = _ => StackPorts.DefaultBase,
        };
        portBase.Validators.Add(result =>
        {
            if (!StackPorts.IsValidBase(result.GetValueOrDefault<int>()))
            {
                result.AddError("--port-base must be from 1024 to 64000.");
            }
        });
        var command = new Command("demo", "Start the local stack, run the reference scenario through the services (key ceremony, approvals, transfers on anvil), stop the stack.");
        command.Options.Add(keepRunning);
        command.Options.Add(portBase);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(keepRunning), new StackPorts(parse.GetValue(portBase)), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool keepRunning, StackPorts ports, CancellationToken invocation)
    {
        // System.CommandLine 2.0.0 leaves Ctrl+C / SIGTERM unhandled (the process would die with the stack still
        // running): turn them into cancellation so that the finally blocks stop everything.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var ct = stop.Token;
        Console.Out.WriteLine("Custody local demo: Company Primus pays Company Secundus, through the services of the local stack.");
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            Console.Error.WriteLine($"{context.Signal}: stopping the local stack");
            stop.Cancel();
        }

        try
        {
            await new DemoRun(new Narration(), ports).RunAsync(keepRunning, ct).ConfigureAwait(false);
            return 0;
        }
#pragma warning disable CA1031 // Once interrupted, any failure is the interruption's (a gRPC call ends Cancelled, not with an OperationCanceledException).
        catch (Exception) when (ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // Ctrl+C or SIGTERM: whatever the interrupted call threw (a gRPC client reports its cancellation as an
            // RpcException), the stack has been stopped by the finally blocks.
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
