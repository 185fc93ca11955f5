using System.Diagnostics;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Refresh;

namespace Custody.Cli.Commands.Bench;

/// <summary>
/// The key-refresh rows of <c>custody mpc bench</c>: one cold refresh (JIT), then <see cref="Runs"/> refreshes of the
/// bench's key with the parties of each round computing concurrently, as in the DKG rows. Every run must keep the
/// public key; the shares given are only read.
/// </summary>
internal static class MpcRefreshBench
{
    private const int Runs = 5;

    public static Dictionary<string, object> Run(Dictionary<PartyId, KeyShare> shares, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        var ids = shares.Keys.Order().ToArray();
        Console.Error.WriteLine($"refresh x{Runs + 1} ...");
        var wall = new List<double>();
        var cpu = new List<double>();
        long bytes = 0;
        for (var run = 0; run <= Runs; run++)
        {
            var label = MpcBenchFigures.RandomBytes(32);
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            var refresh = LockstepRun.Execute(ids, p => KeyRefresh.Start(shares[p], label, MpcRandom.Secure, identitiesOf(p)), concurrent: true);
            watch.Stop();
            var cpuMs = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
            foreach (var (party, output) in refresh.Outputs)
            {
                var keptKey = output.PublicKey == shares[party].PublicKey && output.Epoch == shares[party].Epoch + 1;
                output.Dispose();
                if (!keptKey)
                {
                    throw new InvalidOperationException("a refresh changed the public key or did not advance the epoch");
                }
            }

            if (run > 0)
            {
                wall.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add(cpuMs);
                bytes = refresh.Bytes;
            }
        }

        return new Dictionary<string, object>
        {
            ["refreshMs"] = Math.Round(MpcBenchFigures.Median(wall), 1),
            ["refreshCpuMs"] = Math.Round(MpcBenchFigures.Median(cpu), 1),
            ["refreshRuns"] = Runs,
            ["refreshBytes"] = bytes,
        };
    }
}
