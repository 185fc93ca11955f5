using BenchmarkDotNet.Attributes;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Benchmarks;

/// <summary>
/// One two-party multiplication (DKLs19 RVOLE over KOS15) from a stored setup: both parties'
/// work in one process, and each party's step separately.
/// </summary>
[MemoryDiagnoser]
public class RvoleBenchmarks
{
    private static readonly PartyId Alice = PartyId.Create(1);
    private static readonly PartyId Bob = PartyId.Create(2);

    private MulSenderSetup _sender = null!;
    private MulReceiverSetup _receiver = null!;
    private readonly MpcRandom _rng = MpcRandom.Secure;
    private Scalar[] _a = [];
    private Scalar _b;
    private long _session;
    private byte[] _request = [];
    private byte[] _response = [];

    [GlobalSetup]
    public void Setup()
    {
        using var alice = new MulSenderSetupExchange("bench"u8, Alice, Bob, _rng);
        using var bob = new MulReceiverSetupExchange("bench"u8, Bob, Alice, _rng);
        var toBob = alice.CreateMessage();
        _sender = alice.Finish(bob.CreateMessage());
        _receiver = bob.Finish(toBob);
        _a = [Scalar.Random(_rng), Scalar.Random(_rng)];
        _b = Scalar.Random(_rng);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    private byte[] NextSession() => BitConverter.GetBytes(Interlocked.Increment(ref _session));

    [Benchmark(Description = "multiplication, both parties (request + respond + finish)")]
    public Scalar FullMultiplication()
    {
        var sid = NextSession();
        using var receiver = new RvoleReceiver(_receiver, sid, _b, _rng);
        using var sender = new RvoleSender(_sender, sid, _rng);
        var (response, senderShares) = sender.Respond(receiver.CreateRequest(), _a);
        return receiver.Finish(response)[0] + senderShares[0];
    }

    [Benchmark(Description = "receiver round 1 (encode, extend, KOS check values)")]
    public int ReceiverRequest()
    {
        using var receiver = new RvoleReceiver(_receiver, NextSession(), _b, _rng);
        return receiver.CreateRequest().Length;
    }

    [IterationSetup(Target = nameof(SenderRespond))]
    public void PrepareRequest()
    {
        var sid = NextSession();
        using var receiver = new RvoleReceiver(_receiver, sid, _b, _rng);
        _request = receiver.CreateRequest();
        _pendingSession = sid;
    }

    private byte[] _pendingSession = [];

    [Benchmark(Description = "sender round 2 (KOS check, correlated OT, DKLs19 check values)")]
    public int SenderRespond()
    {
        using var sender = new RvoleSender(_sender, _pendingSession, _rng);
        _response = sender.Respond(_request, _a).Response;
        return _response.Length;
    }
}
