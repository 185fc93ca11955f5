using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Custody.Cli.Commands.Bench;
using Custody.Ethereum;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Cli.Commands;

/// <summary>
/// <c>custody mpc bench</c>: runs a t-of-n DKG and K DKLs23 signatures with all parties in this process, every
/// message serialised, and prints one JSON object with timings, sizes and every signature (so anyone can verify
/// them independently), then the key-lifecycle rows (<see cref="MpcLifecycleRows"/>: presignature generation and
/// online signing). <c>--sweep</c> runs 2-of-2, 2-of-3 and 3-of-5. Progress goes to stderr.
/// </summary>
internal static class MpcCommands
{
    /// <summary>Measured DKG runs after the cold one (the median is reported).</summary>
    private const int DkgRuns = 5;

    /// <summary>The (t, n) of <c>--sweep</c>.</summary>
    private static readonly (int T, int N)[] SweepConfigurations = [(2, 2), (2, 3), (3, 5)];

    public static Command Create()
    {
        var mpc = new Command("mpc", "Threshold ECDSA (DKLs23) tools.");
        mpc.Subcommands.Add(Bench());
        mpc.Subcommands.Add(MpcDeriveCommand.Create());
        return mpc;
    }

    private static Command Bench()
    {
        var threshold = new Option<int>("--threshold") { Description = "t: signers needed", DefaultValueFactory = _ => 2 };
        var parties = new Option<int>("--parties") { Description = "n: key holders", DefaultValueFactory = _ => 3 };
        var signatures = new Option<int>("--signatures") { Description = "K: signatures to produce", DefaultValueFactory = _ => 20 };
        var signed = new Option<bool>("--signed") { Description = "every protocol message signed with the party's Ed25519 identity key and verified, as the services run it" };
        var sweep = new Option<bool>("--sweep") { Description = "2-of-2, 2-of-3 and 3-of-5 in turn (ignores --threshold and --parties); prints a JSON array" };
        var command = new Command("bench", "DKG and K signatures in one process; prints one JSON object.");
        command.Options.Add(threshold);
        command.Options.Add(parties);
        command.Options.Add(signatures);
        command.Options.Add(signed);
        command.Options.Add(sweep);
        command.SetAction(parse =>
        {
            var t = parse.GetValue(threshold);
            var n = parse.GetValue(parties);
            var k = parse.GetValue(signatures);
            if (t < 2 || n < t || n > KeyShare.MaxParties || k is < 1 or > 10_000)
            {
                Console.Error.WriteLine("need 2 <= threshold <= parties <= 64 and 1 <= signatures <= 10000");
                return 2;
            }

            if (parse.GetValue(sweep))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(SweepConfigurations.Select(c => Run(c.T, c.N, k, parse.GetValue(signed))).ToArray()));
                return 0;
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(Run(t, n, k, parse.GetValue(signed))));
            return 0;
        });
        return command;
    }

    private static Dictionary<string, object> Run(int t, int n, int k, bool signed)
    {
        var random = MpcRandom.Secure;
        var ids = Enumerable.Range(1, n).Select(PartyId.Create).ToArray();
        using var identityKeys = new BenchIdentities(ids);
        PartyIdentities? IdentitiesOf(PartyId party) => signed ? identityKeys.Of(party) : null;
        Console.Error.WriteLine($"DKG {t}-of-{n} ...");
        // A first DKG pays for JIT compilation; its wall time is reported as dkgColdMs. Then DkgRuns DKGs run with the
        // parties of each round computing concurrently, as separate machines would: dkgMs is the median wall time on
        // this machine's cores, dkgCpuMs the median CPU time all parties spent together. The last run's shares sign.
        var coldSession = RandomBytes(32);
        var coldWatch = Stopwatch.StartNew();
        DisposeAll(LockstepRun.Execute(ids, p => DistributedKeyGeneration.Start(coldSession, p, ids, t, random, IdentitiesOf(p)), concurrent: true).Outputs);
        coldWatch.Stop();
        var dkgWall = new List<double>();
        var dkgCpu = new List<double>();
        LockstepRun<KeyShare>? dkg = null;
        for (var run = 0; run < DkgRuns; run++)
        {
            if (dkg is not null)
            {
                DisposeAll(dkg.Outputs);
            }
            var dkgSession = RandomBytes(32);
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            dkg = LockstepRun.Execute(ids, p => DistributedKeyGeneration.Start(dkgSession, p, ids, t, random, IdentitiesOf(p)), concurrent: true);
            dkgWall.Add(watch.Elapsed.TotalMilliseconds);
            dkgCpu.Add((Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds);
        }
        Console.Error.WriteLine($"DKG: cold {coldWatch.Elapsed.TotalMilliseconds:F0} ms, then {string.Join(", ", dkgWall.Select(w => w.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        var shares = dkg!.Outputs;
        try
        {
            var publicKey = shares[ids[0]].PublicKey;
            var signers = ids.Take(t).ToArray();
            var results = new List<object>();
            var wall = new List<double>();
            var perParty = new List<double>();
            var perPartyCpu = new List<double>();
            long bytes = 0;
            // Each party's record of answered sessions and discarded pairs (the services keep theirs durably).
            var ledgers = signers.ToDictionary(p => p, _ => new InMemorySessionLedger());
            for (var i = 0; i < k; i++)
            {
                var hash = RandomBytes(32);
                var session = RandomBytes(32);
                var watch = Stopwatch.StartNew();
                var run = LockstepRun.Execute(signers, p => ThresholdSigning.Start(shares[p], session, signers, hash, random, ledgers[p], IdentitiesOf(p)));
                watch.Stop();
                wall.Add(watch.Elapsed.TotalMilliseconds);
                perParty.AddRange(run.ComputeMs.Values);
                perPartyCpu.AddRange(run.CpuMs.Values);
                bytes += run.Bytes;
                var signature = run.Outputs[signers[0]];
                results.Add(MpcBenchFigures.SignatureEntry(hash, signature));
                Console.Error.WriteLine($"signature {i + 1}/{k}: {watch.Elapsed.TotalMilliseconds:F1} ms");
            }

            var figures = new Dictionary<string, object>(MpcRefreshBench.Run(shares, IdentitiesOf))
            {
                ["threshold"] = t,
                ["parties"] = n,
                ["signed"] = signed,
                ["dkgMs"] = Math.Round(Median(dkgWall), 1),
                ["signMs"] = Math.Round(wall.Average(), 2),
                ["signMsPerParty"] = Math.Round(Median(perParty), 2),
                ["signCpuMsPerParty"] = Math.Round(Median(perPartyCpu), 2),
                ["dkgCpuMs"] = Math.Round(Median(dkgCpu), 1),
                ["dkgRuns"] = DkgRuns,
                ["dkgColdMs"] = Math.Round(coldWatch.Elapsed.TotalMilliseconds, 1),
                ["dkgBytes"] = dkg.Bytes,
                ["processors"] = Environment.ProcessorCount,
                ["bytesPerSignature"] = bytes / k,
                ["publicKey"] = Hex(publicKey.EncodeUncompressed()),
                ["address"] = Address.FromPublicKey(publicKey.EncodeUncompressed()).ToString(),
                ["requestedSignatures"] = k,
                ["signatures"] = results,
            };
            foreach (var (name, row) in MpcLifecycleRows.Run(shares, signers, k, IdentitiesOf))
            {
                figures[name] = row;
            }

            return figures;
        }
        finally
        {
            DisposeAll(shares);
        }
    }

    /// <summary>A fresh Ed25519 identity key per party, every key pinned at every party (what the key ceremony sets up).</summary>
    private sealed class BenchIdentities(IEnumerable<PartyId> parties) : IDisposable
    {
        private readonly Dictionary<PartyId, PartyIdentityKey> _keys = parties.ToDictionary(p => p, _ => PartyIdentityKey.Generate());

        public PartyIdentities Of(PartyId party) => new(_keys[party], _keys.ToDictionary(k => k.Key, k => k.Value.PublicKey));

        public void Dispose()
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private static void DisposeAll(Dictionary<PartyId, KeyShare> shares)
    {
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    private static byte[] RandomBytes(int length) => MpcBenchFigures.RandomBytes(length);

    private static string Hex(byte[] bytes) => MpcBenchFigures.Hex(bytes);

    private static double Median(List<double> values) => MpcBenchFigures.Median(values);
}
