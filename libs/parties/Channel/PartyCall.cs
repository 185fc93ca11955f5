using System.Threading.Channels;
using Custody.Mpc.Protocol;

namespace Custody.Parties.Channel;

/// <summary>
/// One request the coordinator sent to a party, and the replies coming back for it (<see cref="PartyHub.Ask"/>).
/// Replies are read in order; the call ends with the final reply, or with a <see cref="PartyChannelException"/>
/// when the party's stream ends first. Dispose it when done: later replies are then dropped.
/// </summary>
public sealed class PartyCall : IDisposable
{
    /// <summary>Replies queued for one call before more are dropped (a party flooding replies).</summary>
    public const int MaxQueuedReplies = 16;

    private readonly Channel<PartyReply> _replies = System.Threading.Channels.Channel.CreateBounded<PartyReply>(
        new BoundedChannelOptions(MaxQueuedReplies) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Action<PartyCall> _onDispose;

    internal PartyCall(ulong id, PartyId party, string kind, object connection, Action<PartyCall> onDispose)
    {
        Id = id;
        Connection = connection;
        Party = party;
        Kind = kind;
        _onDispose = onDispose;
    }

    public ulong Id { get; }

    public PartyId Party { get; }

    public string Kind { get; }

    /// <summary>The stream the request went out on; its end abandons the call.</summary>
    internal object Connection { get; }

    /// <summary>The next reply; <see cref="PartyChannelException"/> when the party went away before the final one.</summary>
    public async Task<PartyReply> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _replies.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new PartyChannelException($"party {Party} went away before it answered the {Kind} request", ex.InnerException ?? ex);
        }
    }

    /// <summary>Reads until the final reply and returns it, failing on an error reply.</summary>
    public async Task<PartyReply> FinalAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var reply = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reply.Error is not null || reply.Final)
            {
                return reply;
            }
        }
    }

    internal void Deliver(PartyReply reply)
    {
        if (_replies.Writer.TryWrite(reply) && reply.Final)
        {
            _replies.Writer.TryComplete();
        }
    }

    internal void Abandon() => _replies.Writer.TryComplete();

    public void Dispose()
    {
        _replies.Writer.TryComplete();
        _onDispose(this);
    }
}
