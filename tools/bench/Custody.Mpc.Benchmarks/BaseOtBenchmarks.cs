using BenchmarkDotNet.Attributes;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Benchmarks;

/// <summary>The one-round setup of one ordered pair (128 endemic base OTs), both parties in one process.</summary>
public class BaseOtBenchmarks
{
    private static readonly PartyId Alice = PartyId.Create(1);
    private static readonly PartyId Bob = PartyId.Create(2);
    private long _session;

    [Benchmark(Description = "pair setup, both parties (128 endemic base OTs, one sender key)")]
    public int PairSetup()
    {
        var sid = BitConverter.GetBytes(Interlocked.Increment(ref _session));
        using var alice = new MulSenderSetupExchange(sid, Alice, Bob, MpcRandom.Secure);
        using var bob = new MulReceiverSetupExchange(sid, Bob, Alice, MpcRandom.Secure);
        var toBob = alice.CreateMessage();
        using var sender = alice.Finish(bob.CreateMessage());
        using var receiver = bob.Finish(toBob);
        return sender.Self.Value + receiver.Self.Value;
    }
}
