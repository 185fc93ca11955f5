using System.Security.Cryptography;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// What travels between parties: {session id, protocol, round, from, to, broadcast?, payload}. The transport
/// must authenticate <see cref="From"/> and keep direct messages confidential (they carry Shamir shares and OT
/// messages); the library checks everything else. Wire form (version 1): version byte, length-prefixed session
/// id, protocol, round, from, broadcast flag, to (absent for broadcast), length-prefixed payload.
/// </summary>
public sealed class MpcEnvelope
{
    public const byte WireVersion = 1;

    /// <summary>Session ids are 16..64 bytes: long enough to be unique when random, short enough to bound input.</summary>
    public const int MinSessionIdLength = 16;

    public const int MaxSessionIdLength = 64;

    private readonly byte[] _sessionId;
    private readonly byte[] _payload;

    public MpcEnvelope(ReadOnlySpan<byte> sessionId, MpcProtocol protocol, byte round, PartyId from, PartyId? to, ReadOnlySpan<byte> payload)
    {
        if (sessionId.Length is < MinSessionIdLength or > MaxSessionIdLength)
        {
            throw new ArgumentException($"session id must be {MinSessionIdLength}..{MaxSessionIdLength} bytes", nameof(sessionId));
        }

        if (to is { } recipient && recipient == from)
        {
            throw new ArgumentException("a party does not send to itself", nameof(to));
        }

        _sessionId = sessionId.ToArray();
        Protocol = protocol;
        Round = round;
        From = from;
        To = to;
        _payload = payload.ToArray();
    }

    public ReadOnlySpan<byte> SessionId => _sessionId;

    public MpcProtocol Protocol { get; }

    public byte Round { get; }

    public PartyId From { get; }

    /// <summary>The recipient of a direct message; null for a broadcast.</summary>
    public PartyId? To { get; }

    public bool IsBroadcast => To is null;

    public ReadOnlySpan<byte> Payload => _payload;

    /// <summary>Zeroes the payload (a direct message may carry secrets, e.g. a DKG Shamir share); the receiving round calls it once it holds its own copy.</summary>
    internal void WipePayload() => CryptographicOperations.ZeroMemory(_payload);

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(_payload.Length + _sessionId.Length + 16);
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

        writer.WriteBytes(_payload);
        return writer.ToArray();
    }

    /// <summary>Parses an envelope; throws <see cref="WireFormatException"/> on any malformed input.</summary>
    public static MpcEnvelope FromBytes(ReadOnlyMemory<byte> bytes)
    {
        var reader = new WireReader(bytes);
        if (reader.ReadByte() != WireVersion)
        {
            throw new WireFormatException("unknown envelope version");
        }

        var sessionId = reader.ReadBytes();
        if (sessionId.Length is < MinSessionIdLength or > MaxSessionIdLength)
        {
            throw new WireFormatException("session id length out of range");
        }

        var sessionCopy = sessionId.ToArray();
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
        var payload = reader.ReadBytes().ToArray();
        reader.EnsureEnd();
        if (to is { } recipient && recipient == from)
        {
            throw new WireFormatException("message addressed to its sender");
        }

        return new MpcEnvelope(sessionCopy, protocol, round, from, to, payload);
    }

    public override string ToString() =>
        $"{Protocol} round {Round} from {From} to {(To is { } to ? to.ToString() : "all")} ({_payload.Length} bytes)";
}
