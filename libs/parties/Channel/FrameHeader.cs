using Custody.Mpc.Protocol;
using Custody.Parties.Protos;

namespace Custody.Parties.Channel;

/// <summary>
/// The routing header of a sealed frame, which is also its AEAD associated data: a relay that changes any of it
/// (another session, round, protocol, sender or recipient) makes the box fail to open.
/// </summary>
internal readonly record struct FrameHeader(byte[] Session, MpcProtocol Protocol, byte Round, PartyId From, PartyId To, bool Broadcast)
{
    private static readonly byte[] Tag = "custody/parties/frame/v1"u8.ToArray();

    public static FrameHeader Of(MpcEnvelope envelope, PartyId recipient) =>
        new(envelope.SessionId.ToArray(), envelope.Protocol, envelope.Round, envelope.From, recipient, envelope.IsBroadcast);

    /// <summary>The header of a received frame; throws <see cref="FormatException"/> when a field is out of range.</summary>
    public static FrameHeader Of(Sealed frame)
    {
        if (frame.Round > byte.MaxValue || frame.From is 0 or > ushort.MaxValue || frame.To is 0 or > ushort.MaxValue
            || !Enum.IsDefined((MpcProtocol)frame.Protocol) || frame.Session.Length is < MpcEnvelope.MinSessionIdLength or > MpcEnvelope.MaxSessionIdLength)
        {
            throw new FormatException("frame header out of range");
        }

        return new(frame.Session.ToByteArray(), (MpcProtocol)frame.Protocol, (byte)frame.Round, PartyId.Create((ushort)frame.From), PartyId.Create((ushort)frame.To), frame.Broadcast);
    }

    public byte[] AssociatedData()
    {
        var data = new byte[Tag.Length + 1 + Session.Length + 1 + 1 + 2 + 2 + 1];
        var span = data.AsSpan();
        Tag.CopyTo(span);
        var at = Tag.Length;
        data[at++] = (byte)Session.Length;
        Session.CopyTo(data, at);
        at += Session.Length;
        data[at++] = (byte)Protocol;
        data[at++] = Round;
        data[at++] = (byte)(From.Value >> 8);
        data[at++] = (byte)From.Value;
        data[at++] = (byte)(To.Value >> 8);
        data[at++] = (byte)To.Value;
        data[at] = Broadcast ? (byte)1 : (byte)0;
        return data;
    }

    public Sealed ToFrame(byte[] box) => new()
    {
        Session = Google.Protobuf.ByteString.CopyFrom(Session),
        Protocol = (uint)Protocol,
        Round = Round,
        From = From.Value,
        To = To.Value,
        Broadcast = Broadcast,
        Box = Google.Protobuf.ByteString.CopyFrom(box),
    };

    /// <summary>Whether <paramref name="envelope"/>, opened from this frame, says what the header says.</summary>
    public bool Matches(MpcEnvelope envelope) =>
        envelope.SessionId.SequenceEqual(Session) && envelope.Protocol == Protocol && envelope.Round == Round
        && envelope.From == From && envelope.IsBroadcast == Broadcast && (Broadcast || envelope.To == To);
}
