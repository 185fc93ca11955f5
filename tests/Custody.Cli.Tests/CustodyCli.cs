using System.Diagnostics;
using Custody.Testing;

namespace Custody.Cli.Tests;

/// <summary>Runs the built `custody` CLI as a separate process and captures its output.</summary>
internal static class CustodyCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string Entry
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "custody.dll");
            return File.Exists(local) ? local : throw new InvalidOperationException($"custody.dll not found next to the tests ({AppContext.BaseDirectory}).");
        }
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), new Dictionary<string, string>(), args);

    /// <summary>As above, with a deadline (the process is killed after it) and extra environment variables.</summary>
    public static Task<Result> RunAsync(TimeSpan deadlineAfter, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(deadlineAfter, environment, null, args);

    /// <summary>As above, with bytes on stdin (null: stdin closed at once).</summary>
    public static async Task<Result> RunAsync(TimeSpan deadlineAfter, IReadOnlyDictionary<string, string> environment, byte[]? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(Entry);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command may stop reading (and exit) before all of stdin is written: that is its answer.
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(deadlineAfter);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string Example(string name) => Path.Combine(RepoPaths.Root, "docs", "examples", name);
}
