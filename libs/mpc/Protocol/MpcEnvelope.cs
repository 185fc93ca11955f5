using System.Security.Cryptography;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// What travels between parties: {routing id, protocol, round, from, to, session binding, payload, signature}.
/// <see cref="SessionId"/> is the caller's label that routes the run; <see cref="SessionBinding"/> is the session
/// id the sender's cryptography was bound to when it sent (the label until the parties have agreed a session id,
/// then the agreed id). In a run with party identities (<see cref="PartyIdentities"/>) every envelope carries its
/// sender's Ed25519 signature over <see cref="Statement"/>, so whoever holds it can show a third party what the
/// sender said (docs/mpc.md "Signed messages and provable blame"). The transport must keep direct messages
/// confidential (they carry Shamir shares and OT messages); the library checks everything else.
/// Wire form (version 2): version byte, length-prefixed routing id, protocol, round, from, broadcast flag, to
/// (absent for broadcast), length-prefixed session binding, length-prefixed payload, length-prefixed signature
/// (0 or 64 bytes).
/// </summary>
public sealed class MpcEnvelope
{
    public const byte WireVersion = 2;

    /// <summary>Session ids are 16..64 bytes: long enough to be unique when random, short enough to bound input.</summary>
    public const int MinSessionIdLength = 16;

    public const int MaxSessionIdLength = 64;

    private readonly byte[] _sessionId;
    private readonly byte[] _binding;
    private readonly byte[] _payload;
    private readonly byte[] _signature;
    private byte[]? _payloadDigest;

    /// <summary>An unsigned envelope whose session binding is its routing id (a run without an agreed id).</summary>
    public MpcEnvelope(ReadOnlySpan<byte> sessionId, MpcProtocol protocol, byte round, PartyId from, PartyId? to, ReadOnlySpan<byte> payload)
        : this(sessionId, sessionId, protocol, round, from, to, payload, [])
    {
    }

    public MpcEnvelope(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> sessionBinding, MpcProtocol protocol, byte round, PartyId from, PartyId? to, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        CheckSessionId(sessionId, nameof(sessionId));
        CheckSessionId(sessionBinding, nameof(sessionBinding));
        if (to is { } recipient && recipient == from)
        {
            throw new ArgumentException("a party does not send to itself", nameof(to));
        }

        if (signature.Length is not (0 or SignedStatement.SignatureLength))
        {
            throw new ArgumentException($"a signature is {SignedStatement.SignatureLength} bytes", nameof(signature));
        }

        _sessionId = sessionId.ToArray();
        _binding = sessionBinding.ToArray();
        Protocol = protocol;
        Round = round;
        From = from;
        To = to;
        _payload = payload.ToArray();
        _signature = signature.ToArray();
    }

    /// <summary>The routing id: the caller's label of the run.</summary>
    public ReadOnlySpan<byte> SessionId => _sessionId;

    /// <summary>The session id the sender was bound to (the label before an agreement, the agreed id after).</summary>
    public ReadOnlySpan<byte> SessionBinding => _binding;

    public MpcProtocol Protocol { get; }

    public byte Round { get; }

    public PartyId From { get; }

    /// <summary>The recipient of a direct message; null for a broadcast.</summary>
    public PartyId? To { get; }

    public bool IsBroadcast => To is null;

    public ReadOnlySpan<byte> Payload => _payload;

    /// <summary>The sender's Ed25519 signature over <see cref="Statement"/>; empty when the run has no identities.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    public bool IsSigned => _signature.Length != 0;

    /// <summary>SHA-256 of the payload (computed once; what the signature and the echoes cover).</summary>
    internal byte[] PayloadDigest => _payloadDigest ??= SHA256.HashData(_payload);

    /// <summary>What the sender signs: every header field and the payload's digest.</summary>
    public SignedStatement Statement() =>
        new(_sessionId, _binding, Protocol, Round, From, To, PayloadDigest, _signature);

    /// <summary>This envelope signed by its sender's identity key.</summary>
    public MpcEnvelope Sign(PartyIdentityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(Statement().SignedBytes());
        return new MpcEnvelope(_sessionId, _binding, Protocol, Round, From, To, _payload, signature) { _payloadDigest = _payloadDigest };
    }

    /// <summary>Whether the envelope carries a valid signature of its sender under <paramref name="senderPublicKey"/>.</summary>
    public bool HasValidSignature(ReadOnlySpan<byte> senderPublicKey) => IsSigned && Statement().Verify(senderPublicKey);

    /// <summary>Zeroes the payload (a direct message may carry secrets, e.g. a DKG Shamir share); the receiving round calls it once it holds its own copy.</summary>
    internal void WipePayload() => CryptographicOperations.ZeroMemory(_payload);

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(_payload.Length + _sessionId.Length + _binding.Length + 96);
        writer.WriteByte(WireVersion);
        writer.WriteBytes(_sessionId);
        writer.WriteByte((byte)Protocol);
        writer.WriteByte(Round);
        WireCodec.WritePartyId(writer, From);
        writer.WriteByte(IsBroadcast ? (byte)1 : (byte)0);
        if (To is { } to)
        {
            WireCodec.WritePartyId(writer, to);
        }

        writer.WriteBytes(_binding);
        writer.WriteBytes(_payload);
        writer.WriteBytes(_signature);
        return writer.ToArray();
    }

    /// <summary>Parses an envelope; throws <see cref="WireFormatException"/> on any malformed input (the signature is checked by the receiving round).</summary>
    public static MpcEnvelope FromBytes(ReadOnlyMemory<byte> bytes)
    {
        var reader = new WireReader(bytes);
        if (reader.ReadByte() != WireVersion)
        {
            throw new WireFormatException("unknown envelope version");
        }

        var sessionId = ReadSessionId(reader);
        var protocol = (MpcProtocol)reader.ReadByte();
        if (!Enum.IsDefined(protocol))
        {
            throw new WireFormatException("unknown protocol");
        }

        var round = reader.ReadByte();
        var from = WireCodec.ReadPartyId(reader);
        PartyId? to = reader.ReadByte() switch
        {
            1 => null,
            0 => WireCodec.ReadPartyId(reader),
            _ => throw new WireFormatException("bad broadcast flag"),
        };
        var binding = ReadSessionId(reader);
        var payload = reader.ReadBytes().ToArray();
        var signature = reader.ReadBytes().ToArray();
        reader.EnsureEnd();
        if (to is { } recipient && recipient == from)
        {
            throw new WireFormatException("message addressed to its sender");
        }

        if (signature.Length is not (0 or SignedStatement.SignatureLength))
        {
            throw new WireFormatException("signature length");
        }

        return new MpcEnvelope(sessionId, binding, protocol, round, from, to, payload, signature);
    }

    public override string ToString() =>
        $"{Protocol} round {Round} from {From} to {(To is { } to ? to.ToString() : "all")} ({_payload.Length} bytes{(IsSigned ? ", signed" : string.Empty)})";

    private static byte[] ReadSessionId(WireReader reader)
    {
        var id = reader.ReadBytes();
        if (id.Length is < MinSessionIdLength or > MaxSessionIdLength)
        {
            throw new WireFormatException("session id length out of range");
        }

        return id.ToArray();
    }

    private static void CheckSessionId(ReadOnlySpan<byte> id, string name)
    {
        if (id.Length is < MinSessionIdLength or > MaxSessionIdLength)
        {
            throw new ArgumentException($"session id must be {MinSessionIdLength}..{MaxSessionIdLength} bytes", name);
        }
    }
}
