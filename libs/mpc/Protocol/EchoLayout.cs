using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Signing.Messages;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Which messages carry an echo and which rounds' broadcasts it covers, in one place for the rounds that build the
/// echoes and for <see cref="ForgedEchoEvidence"/>, which reads an echo back out of a signed message. An echo has
/// one 96-byte entry (payload digest, the sender's signature) per echoed round and participant, round-major,
/// participants ascending (<see cref="BroadcastEcho"/>).
/// </summary>
internal static class EchoLayout
{
    /// <summary>Signing round 1 broadcasts echo round 0 (the session agreement).</summary>
    public static readonly byte[] SigningRound1 = [0];

    /// <summary>Signing round 2 directs echo the round-1 commitments.</summary>
    public static readonly byte[] SigningRound2 = [1];

    /// <summary>DKG round 3 broadcasts echo every dealer's round-1 commitment and round-2 opening.</summary>
    public static readonly byte[] DkgRound3 = [1, 2];

    /// <summary>The echo a message carries and the rounds it covers; false for a message without an echo or an unparsable one.</summary>
    public static bool TryRead(MpcProtocol protocol, byte round, bool broadcast, ReadOnlySpan<byte> payload, out byte[] echo, out byte[] echoedRounds)
    {
        echo = [];
        echoedRounds = [];
        try
        {
            (echo, echoedRounds) = (protocol, round, broadcast) switch
            {
                (MpcProtocol.Sign, 1, true) => (SignRound1Broadcast.Parse(payload).Echo, SigningRound1),
                (MpcProtocol.Sign, 2, false) => (SignRound2Direct.Parse(payload).Echo, SigningRound2),
                (MpcProtocol.Dkg, 3, true) => (DkgRound3Broadcast.Parse(payload).Echo, DkgRound3),
                _ => ([], []),
            };
        }
        catch (Exception ex) when (ex is WireFormatException or ArgumentException)
        {
            return false;
        }

        return echoedRounds.Length > 0;
    }
}
