using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Commands.Bench;

/// <summary>
/// The presignature rows of <c>custody mpc bench</c>: K presignatures made by the signers (DKLs23 rounds 0-2, timed per
/// party) into in-memory stores, then K online signings from them (the one round: consume, partial, combine, verify).
/// Every signature is printed for independent verification, as for full signing.
/// </summary>
internal static class PresignatureBench
{
    private const string Wallet = "bench-wallet";

    public static Dictionary<string, object> Run(Dictionary<PartyId, KeyShare> shares, PartyId[] signers, int k, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        var random = MpcRandom.Secure;
        var stores = signers.ToDictionary(p => p, _ => new InMemoryPresignatureStore());
        var ledgers = signers.ToDictionary(p => p, _ => new InMemorySessionLedger());
        var presign = new Measured();
        var ids = new List<byte[]>();
        for (var i = 0; i < k; i++)
        {
            var label = MpcBenchFigures.RandomBytes(32);
            var run = LockstepRun.Execute(signers, p => Presignatures.Start(shares[p], Wallet, label, signers, random, ledgers[p], identitiesOf(p)));
            presign.Add(run);
            foreach (var (party, presignature) in run.Outputs)
            {
                stores[party].AddAsync(presignature, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                presignature.Dispose();
            }

            ids.Add(run.Outputs[signers[0]].Id.ToArray());
        }

        var online = new Measured();
        var results = new List<object>();
        foreach (var id in ids)
        {
            var hash = MpcBenchFigures.RandomBytes(32);
            var label = MpcBenchFigures.RandomBytes(32);
            var run = LockstepRun.Execute(signers, p => OnlineSigning.Start(shares[p], stores[p], Wallet, id, label, signers, hash, random, identitiesOf(p)));
            online.Add(run);
            results.Add(MpcBenchFigures.SignatureEntry(hash, run.Outputs[signers[0]]));
        }

        Console.Error.WriteLine($"presignatures: {k} made, {k} finished online");
        return new Dictionary<string, object>
        {
            ["presignMsPerParty"] = presign.MedianMs,
            ["presignCpuMsPerParty"] = presign.MedianCpuMs,
            ["presignBytes"] = presign.Bytes / k,
            ["onlineMsPerParty"] = online.MedianMs,
            ["onlineCpuMsPerParty"] = online.MedianCpuMs,
            ["onlineBytes"] = online.Bytes / k,
            ["signatures"] = results,
        };
    }

    private sealed class Measured
    {
        private readonly List<double> _ms = [];
        private readonly List<double> _cpuMs = [];

        public long Bytes { get; private set; }

        public double MedianMs => Math.Round(MpcBenchFigures.Median(_ms), 3);

        public double MedianCpuMs => Math.Round(MpcBenchFigures.Median(_cpuMs), 3);

        public void Add<T>(LockstepRun<T> run)
        {
            _ms.AddRange(run.ComputeMs.Values);
            _cpuMs.AddRange(run.CpuMs.Values);
            Bytes += run.Bytes;
        }
    }
}
