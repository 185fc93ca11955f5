using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Multiplication;

/// <summary>Runs the one-round setup for the ordered pair (Alice = multiplication sender, Bob = receiver).</summary>
internal static class PairFixture
{
    public static readonly PartyId Alice = PartyId.Create(1);
    public static readonly PartyId Bob = PartyId.Create(2);

    public static (MulSenderSetup Sender, MulReceiverSetup Receiver) Setup(ulong seed, string sessionId = "dkg-session")
    {
        var sid = System.Text.Encoding.UTF8.GetBytes(sessionId);
        using var alice = new MulSenderSetupExchange(sid, Alice, Bob, MpcRandom.Seeded(seed));
        using var bob = new MulReceiverSetupExchange(sid, Bob, Alice, MpcRandom.Seeded(seed + 1000));
        var toBob = alice.CreateMessage();
        var toAlice = bob.CreateMessage();
        return (alice.Finish(toAlice), bob.Finish(toBob));
    }

    private static readonly Lazy<(byte[] Sender, byte[] Receiver)> Shared = new(() =>
    {
        var (s, r) = Setup(77);
        using (s)
        using (r)
        {
            return (s.ToBytes(), r.ToBytes());
        }
    });

    /// <summary>Fresh objects loaded from one shared setup run (the base OT is the slow part).</summary>
    public static (MulSenderSetup Sender, MulReceiverSetup Receiver) Shared77() =>
        (MulSenderSetup.ReadFrom(Shared.Value.Sender), MulReceiverSetup.ReadFrom(Shared.Value.Receiver));

    /// <summary>Runs one multiplication; returns (c_A, c_B).</summary>
    public static (Scalar[] SenderShares, Scalar[] ReceiverShares) Multiply(MulSenderSetup sender, MulReceiverSetup receiver,
        byte[] sessionId, Scalar b, Scalar[] a, ulong seed,
        Func<byte[], byte[]>? tamperRequest = null, Func<byte[], byte[]>? tamperResponse = null)
    {
        using var bob = new RvoleReceiver(receiver, sessionId, b, MpcRandom.Seeded(seed));
        using var alice = new RvoleSender(sender, sessionId, MpcRandom.Seeded(seed + 1));
        var request = bob.CreateRequest();
        var (response, senderShares) = alice.Respond((tamperRequest ?? (x => x))(request), a);
        var receiverShares = bob.Finish((tamperResponse ?? (x => x))(response));
        return (senderShares, receiverShares);
    }
}
