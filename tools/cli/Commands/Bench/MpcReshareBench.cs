using System.Diagnostics;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Reshare;
using Custody.Mpc.Signing;

namespace Custody.Cli.Commands.Bench;

/// <summary>
/// The resharing rows of <c>custody mpc bench</c> (docs/mpc.md "Resharing"): for the bench's t-of-n key, a resharing
/// by the first t parties to the same set ("same") and to a set in which party n is replaced by party n+1 ("new"),
/// one cold run then <see cref="Runs"/> measured runs, the participants of each round computing concurrently. Reported:
/// median wall time, CPU time of all participants together and per participant, and bytes. Every run must keep the
/// public key and advance the epoch; the last run's new shares sign one message, printed for independent verification.
/// </summary>
internal static class MpcReshareBench
{
    private const int Runs = 3;

    /// <param name="identitiesOf">Identities for parties 1..n+1 (or null for unsigned runs).</param>
    public static Dictionary<string, object> Run(Dictionary<PartyId, KeyShare> shares, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        var view = shares.Values.First().PublicView();
        var quorum = view.Parties.Take(view.Threshold).ToArray();
        var replaced = view.Parties.SkipLast(1).Append(PartyId.Create(view.Parties[^1].Value + 1)).ToArray();
        return new Dictionary<string, object>
        {
            ["same"] = Row(new ResharePlan(view, quorum, view.Parties, view.Threshold), shares, identitiesOf),
            ["new"] = Row(new ResharePlan(view, quorum, replaced, view.Threshold), shares, identitiesOf),
        };
    }

    private static Dictionary<string, object> Row(ResharePlan plan, Dictionary<PartyId, KeyShare> shares, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        var participants = plan.Participants;
        Console.Error.WriteLine($"reshare to {string.Join(",", plan.NewParties.Select(p => p.Value))} x{Runs + 1} ...");
        var wall = new List<double>();
        var cpu = new List<double>();
        long bytes = 0;
        Dictionary<string, object>? signature = null;
        for (var run = 0; run <= Runs; run++)
        {
            var label = MpcBenchFigures.RandomBytes(32);
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            var reshare = LockstepRun.Execute(participants, p => KeyResharing.Start(plan, p, shares.GetValueOrDefault(p), label, MpcRandom.Secure, identitiesOf(p)), concurrent: true);
            watch.Stop();
            var cpuMs = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
            var newShares = reshare.Outputs.Where(o => !o.Value.Leaves).ToDictionary(o => o.Key, o => o.Value.Share!);
            try
            {
                if (newShares.Count != plan.NewParties.Count || newShares.Values.Any(s => s.PublicKey != plan.OldKey.PublicKey || s.Epoch != plan.OldKey.Epoch + 1))
                {
                    throw new InvalidOperationException("a resharing changed the public key, did not advance the epoch, or left a new party without a share");
                }

                if (run == Runs)
                {
                    signature = SignOnce(newShares, plan, identitiesOf);
                }
            }
            finally
            {
                foreach (var share in newShares.Values)
                {
                    share.Dispose();
                }
            }

            if (run > 0)
            {
                wall.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add(cpuMs);
                bytes = reshare.Bytes;
            }
        }

        return new Dictionary<string, object>
        {
            ["newParties"] = plan.NewParties.Select(p => (int)p.Value).ToArray(),
            ["participants"] = participants.Count,
            ["reshareMs"] = Math.Round(MpcBenchFigures.Median(wall), 1),
            ["reshareCpuMs"] = Math.Round(MpcBenchFigures.Median(cpu), 1),
            ["reshareCpuMsPerParty"] = Math.Round(MpcBenchFigures.Median(cpu) / participants.Count, 1),
            ["reshareRuns"] = Runs,
            ["reshareBytes"] = bytes,
            ["signature"] = signature!,
        };
    }

    private static Dictionary<string, object> SignOnce(Dictionary<PartyId, KeyShare> shares, ResharePlan plan, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        var signers = plan.NewParties.TakeLast(plan.NewThreshold).ToArray();
        var hash = MpcBenchFigures.RandomBytes(32);
        var session = MpcBenchFigures.RandomBytes(32);
        var run = LockstepRun.Execute(signers, p => ThresholdSigning.Start(shares[p], session, signers, hash, MpcRandom.Secure, new InMemorySessionLedger(), identitiesOf(p)));
        return MpcBenchFigures.SignatureEntry(hash, run.Outputs[signers[0]]);
    }
}
