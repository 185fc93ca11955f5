using System.Diagnostics;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Commands;

/// <summary>
/// Runs one protocol instance per party in this thread, round by round: every envelope is serialised and parsed
/// (bytes on the wire), delivered, and each party's compute (start, receive, finalise) is timed separately.
/// </summary>
internal sealed class LockstepRun<T>
{
    public required Dictionary<PartyId, T> Outputs { get; init; }

    public required Dictionary<PartyId, double> ComputeMs { get; init; }

    /// <summary>Process CPU time spent in each party's steps (robust against other load on a shared machine).</summary>
    public required Dictionary<PartyId, double> CpuMs { get; init; }

    public required long Bytes { get; init; }
}

internal static class LockstepRun
{
    public static LockstepRun<T> Execute<T>(IReadOnlyList<PartyId> parties, Func<PartyId, MpcRound<T>> start)
    {
        var compute = parties.ToDictionary(p => p, _ => 0.0);
        var cpu = parties.ToDictionary(p => p, _ => 0.0);
        void Timed(PartyId party, Action step)
        {
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            step();
            compute[party] += watch.Elapsed.TotalMilliseconds;
            cpu[party] += (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
        }

        var rounds = new Dictionary<PartyId, MpcRound<T>>();
        foreach (var party in parties)
        {
            Timed(party, () => rounds[party] = start(party));
        }

        var outputs = new Dictionary<PartyId, T>();
        long bytes = 0;
        while (outputs.Count < parties.Count)
        {
            var wire = rounds.Values.SelectMany(r => r.Outgoing).Select(e => e.ToBytes()).ToList();
            foreach (var encoded in wire)
            {
                var recipients = MpcEnvelope.FromBytes(encoded) is { To: { } to } ? [to] : parties.ToArray();
                foreach (var recipient in recipients)
                {
                    var envelope = MpcEnvelope.FromBytes(encoded);
                    if (recipient == envelope.From)
                    {
                        continue;
                    }

                    bytes += encoded.Length;
                    Timed(recipient, () => rounds[recipient].Receive(envelope));
                }
            }

            foreach (var party in parties)
            {
                RoundOutcome<T>? outcome = null;
                Timed(party, () => outcome = rounds[party].Finalize());
                switch (outcome)
                {
                    case RoundOutcome<T>.Next next:
                        rounds[party] = next.Round;
                        break;
                    case RoundOutcome<T>.Done done:
                        outputs[party] = done.Output;
                        break;
                    case RoundOutcome<T>.Aborted aborted:
                        throw aborted.Abort;
                }
            }
        }

        return new LockstepRun<T> { Outputs = outputs, ComputeMs = compute, CpuMs = cpu, Bytes = bytes };
    }
}
