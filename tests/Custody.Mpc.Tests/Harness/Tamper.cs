using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Harness;

/// <summary>Builders of malicious-sender hooks: rewrite the payload of one round's messages, leaving the rest honest.</summary>
public static class Tamper
{
    /// <summary>Rewrites the payload of every direct (or broadcast) message of <paramref name="round"/>.</summary>
    public static Func<MpcEnvelope, MpcEnvelope> Payload(byte round, bool broadcast, Func<byte[], byte[]> rewrite) =>
        envelope => envelope.Round == round && envelope.IsBroadcast == broadcast
            ? Rebuild(envelope, payload: rewrite(envelope.Payload.ToArray()))
            : envelope;

    /// <summary>
    /// A copy of <paramref name="envelope"/> with the given fields changed, unsigned: the same session binding unless
    /// another is given (a network with the sender's identity key signs it again, as a malicious sender would).
    /// </summary>
    public static MpcEnvelope Rebuild(MpcEnvelope envelope, byte[]? payload = null, byte? round = null, PartyId? to = null, byte[]? sessionId = null, byte[]? binding = null) =>
        new(sessionId ?? envelope.SessionId.ToArray(), binding ?? envelope.SessionBinding.ToArray(), envelope.Protocol, round ?? envelope.Round, envelope.From, to ?? envelope.To, payload ?? envelope.Payload.ToArray(), []);

    /// <summary>Rewrites the envelope header of every message of <paramref name="round"/>.</summary>
    public static Func<MpcEnvelope, MpcEnvelope> Envelope(byte round, Func<MpcEnvelope, MpcEnvelope> rewrite) =>
        envelope => envelope.Round == round ? rewrite(envelope) : envelope;

    /// <summary>Configures <paramref name="network"/> so that <paramref name="party"/> sends through <paramref name="hook"/>.</summary>
    public static Action<InProcessNetwork> By(PartyId party, Func<MpcEnvelope, MpcEnvelope> hook) => network =>
    {
        network.TamperingParty = party;
        network.Tamper = hook;
    };

    public static byte[] FlipFirstByte(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[0] ^= 0x01;
        return copy;
    }

    public static byte[] FlipLastByte(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 0x01;
        return copy;
    }
}
