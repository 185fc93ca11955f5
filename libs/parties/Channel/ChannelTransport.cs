using System.Threading.Channels;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;
using Custody.Parties.Crypto;
using Custody.Parties.Identity;
using Custody.Parties.Protos;

namespace Custody.Parties.Channel;

/// <summary>
/// One MPC session's <see cref="IMpcTransport"/> over the party channel. Sending seals the (signed) envelope to
/// each recipient, one frame per recipient for a broadcast. Receiving opens the next frame of the session: a frame
/// that does not open, or is addressed to another party, was altered, replayed from another session or round, or
/// re-addressed on the way, and only the relay can have done that (<see cref="MpcTransportException"/> naming the
/// relay); a frame that opens is its sender's (<see cref="MessageSeal"/>), so an envelope inside it that is
/// malformed or contradicts the frame's header is blamed on the sender.
/// </summary>
public sealed class ChannelTransport : IMpcTransport, IDisposable
{
    private readonly PartyDirectory _directory;
    private readonly IReadOnlyList<PartyId> _participants;
    private readonly byte[] _session;
    private readonly IFrameSender _sender;
    private readonly PartyMailbox _mailbox;
    private readonly ChannelReader<Sealed> _inbox;

    internal ChannelTransport(PartyDirectory directory, ReadOnlySpan<byte> session, IEnumerable<PartyId> participants, IFrameSender sender, PartyMailbox mailbox)
    {
        _directory = directory;
        _session = session.ToArray();
        _participants = [.. participants.Distinct()];
        if (!_participants.Contains(directory.Self.Party))
        {
            throw new ArgumentException("this party is not a participant of the session", nameof(participants));
        }

        foreach (var party in _participants)
        {
            _ = directory[party];
        }

        _sender = sender;
        _mailbox = mailbox;
        _inbox = mailbox.Open(_session);
    }

    private PartyId Self => _directory.Self.Party;

    public async ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.From != Self || !envelope.SessionId.SequenceEqual(_session))
        {
            throw new InvalidOperationException("a session's transport sends this party's envelopes of that session only");
        }

        var plaintext = envelope.ToBytes();
        foreach (var recipient in envelope.To is { } to ? [to] : _participants.Where(p => p != Self))
        {
            var header = FrameHeader.Of(envelope, recipient);
            var box = MessageSeal.Seal(plaintext, header.AssociatedData(), _directory.Self.Encryption, _directory[recipient].EncryptionKey);
            await _sender.SendAsync(header.ToFrame(box), cancellationToken).ConfigureAwait(false);
        }

        if (!envelope.IsBroadcast)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public async ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken)
    {
        Sealed frame;
        try
        {
            frame = await _inbox.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new MpcTransportException("the party channel closed", ex);
        }

        return Open(frame);
    }

    private MpcEnvelope Open(Sealed frame)
    {
        FrameHeader header;
        try
        {
            header = FrameHeader.Of(frame);
        }
        catch (FormatException ex)
        {
            throw new MpcTransportException($"the relay delivered a frame with a malformed header: {ex.Message}", ex);
        }

        if (header.To != Self || !header.Session.AsSpan().SequenceEqual(_session) || !_participants.Contains(header.From) || header.From == Self)
        {
            throw new MpcTransportException($"the relay delivered a frame of another session, recipient or sender (from {header.From} to {header.To})");
        }

        var plaintext = MessageSeal.Open(frame.Box.Span, header.AssociatedData(), _directory.Self.Encryption, _directory[header.From].EncryptionKey)
            ?? throw new MpcTransportException($"a frame from party {header.From} (round {header.Round}) did not open: the relay altered it, replayed it from another session or round, or re-addressed it");
        MpcEnvelope envelope;
        try
        {
            envelope = MpcEnvelope.FromBytes(plaintext);
        }
        catch (WireFormatException ex)
        {
            throw new MpcAbortException(header.From, $"party {header.From} sealed a malformed envelope: {ex.Message}");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }

        return header.Matches(envelope)
            ? envelope
            : throw new MpcAbortException(header.From, $"party {header.From} sealed an envelope ({envelope}) that differs from its frame's header");
    }

    /// <summary>Stops queueing frames of this session.</summary>
    public void Dispose() => _mailbox.Close(_session);
}
