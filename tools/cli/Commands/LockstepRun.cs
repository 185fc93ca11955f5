using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Commands;

/// <summary>
/// Runs one protocol instance per party in this process, round by round: every envelope is serialised and parsed
/// (bytes on the wire), delivered, and each party's compute (start, prepare, receive, finalise) is timed separately.
/// Like every driver it awaits each round's preparation (durable claims) before sending and the round's abort
/// record before reporting an abort.
/// </summary>
internal sealed class LockstepRun<T>
{
    public required Dictionary<PartyId, T> Outputs { get; init; }

    public required Dictionary<PartyId, double> ComputeMs { get; init; }

    /// <summary>Process CPU time spent in each party's steps (meaningful only when parties run one at a time).</summary>
    public required Dictionary<PartyId, double> CpuMs { get; init; }

    public required long Bytes { get; init; }
}

internal static class LockstepRun
{
    // The in-process drivers use in-memory ledgers, whose preparation completes synchronously.
    private static MpcRound<T> Prepared<T>(MpcRound<T> round)
    {
        round.PrepareAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return round;
    }

    /// <summary>
    /// Executes the protocol. With <paramref name="concurrent"/> the parties of a round compute at the same time on
    /// the thread pool, as separate machines would (wall time then reflects the machine's cores); otherwise one at a
    /// time on this thread, so that per-party compute and CPU times are exact.
    /// </summary>
    public static LockstepRun<T> Execute<T>(IReadOnlyList<PartyId> parties, Func<PartyId, MpcRound<T>> start, bool concurrent = false)
    {
        var index = parties.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var compute = new double[parties.Count];
        var cpu = new double[parties.Count];
        var rounds = new MpcRound<T>[parties.Count];
        var outcomes = new RoundOutcome<T>?[parties.Count];

        void ForEachParty(Action<int> step)
        {
            if (concurrent)
            {
                try
                {
                    // One dedicated thread per party (not Parallel.For, which may run several parties one after
                    // another on the same worker and so measure less concurrency than separate machines have).
                    Task.WaitAll([.. Enumerable.Range(0, parties.Count).Select(i => Task.Factory.StartNew(() => step(i), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))]);
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
                {
                    // Surface the first party's exception (e.g. an MpcAbortException) as the sequential run would.
                    ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                }
            }
            else
            {
                for (var i = 0; i < parties.Count; i++)
                {
                    step(i);
                }
            }
        }

        void Timed(int party, Action step)
        {
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            step();
            compute[party] += watch.Elapsed.TotalMilliseconds;
            cpu[party] += (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
        }

        ForEachParty(i => Timed(i, () => rounds[i] = Prepared(start(parties[i]))));

        var outputs = new Dictionary<PartyId, T>();
        long bytes = 0;
        while (outputs.Count < parties.Count)
        {
            var wire = rounds.Where((_, i) => !outputs.ContainsKey(parties[i])).SelectMany(r => r.Outgoing).Select(e => e.ToBytes()).ToList();
            var inbox = parties.Select(_ => new List<MpcEnvelope>()).ToArray();
            foreach (var encoded in wire)
            {
                var envelope = MpcEnvelope.FromBytes(encoded);
                var recipients = envelope.To is { } to ? [to] : parties;
                foreach (var recipient in recipients.Where(r => r != envelope.From))
                {
                    bytes += encoded.Length;
                    inbox[index[recipient]].Add(MpcEnvelope.FromBytes(encoded));
                }
            }

            ForEachParty(i =>
            {
                if (outputs.ContainsKey(parties[i]))
                {
                    return;
                }
                Timed(i, () =>
                {
                    try
                    {
                        foreach (var envelope in inbox[i])
                        {
                            rounds[i].Receive(envelope);
                        }
                        outcomes[i] = rounds[i].Finalize();
                    }
                    catch (MpcAbortException abort)
                    {
                        outcomes[i] = new RoundOutcome<T>.Aborted(abort);
                        return;
                    }

                    if (outcomes[i] is RoundOutcome<T>.Next next)
                    {
                        Prepared(next.Round);
                    }
                });
            });

            for (var i = 0; i < parties.Count; i++)
            {
                switch (outcomes[i])
                {
                    case RoundOutcome<T>.Next next:
                        rounds[i] = next.Round;
                        break;
                    case RoundOutcome<T>.Done done:
                        outputs[parties[i]] = done.Output;
                        break;
                    case RoundOutcome<T>.Aborted aborted:
                        // In-process ledgers complete synchronously.
                        rounds[i].RecordAbortAsync(aborted.Abort, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        throw aborted.Abort;
                }
                outcomes[i] = null;
            }
        }

        return new LockstepRun<T>
        {
            Outputs = outputs,
            ComputeMs = parties.ToDictionary(p => p, p => compute[index[p]]),
            CpuMs = parties.ToDictionary(p => p, p => cpu[index[p]]),
            Bytes = bytes,
        };
    }
}
