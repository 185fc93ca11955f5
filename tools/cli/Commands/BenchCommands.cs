using System.CommandLine;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench ...</c>: measurements printed as JSON on stdout (progress on stderr).
/// Each benchmark lives in its own file and adds one line here.
/// </summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput and latency of Custody's building blocks (JSON on stdout).");
        bench.Subcommands.Add(PubSubBenchCommand.Create());
        bench.Subcommands.Add(EthereumBenchCommand.Create());
        bench.Subcommands.Add(FirestoreBenchCommand.Create());
        bench.Subcommands.Add(IntakeBenchCommand.Create());
        bench.Subcommands.Add(SigningBenchCommand.Create());
        return bench;
    }
}
