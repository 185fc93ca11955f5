using System.Collections.Concurrent;
using System.Threading.Channels;
using Custody.Parties.Protos;

namespace Custody.Parties.Channel;

/// <summary>
/// Sealed frames addressed to this party, queued per session label until the session's transport reads them
/// (frames may arrive before this party has opened the session). Bounded: a flood for one label or for many labels
/// that are never opened is dropped, not buffered without limit.
/// </summary>
internal sealed class PartyMailbox
{
    public const int MaxFramesPerSession = 4096;

    public const int MaxOpenSessions = 1024;

    private readonly ConcurrentDictionary<string, Channel<Sealed>> _sessions = new();

    /// <summary>Queues a frame; false when it was dropped (its session's queue is full, or too many sessions are pending).</summary>
    public bool Deliver(Sealed frame)
    {
        var key = Convert.ToHexString(frame.Session.Span);
        if (!_sessions.TryGetValue(key, out var queue))
        {
            if (_sessions.Count >= MaxOpenSessions)
            {
                return false;
            }

            queue = _sessions.GetOrAdd(key, _ => NewQueue());
        }

        return queue.Writer.TryWrite(frame);
    }

    /// <summary>The queue of one session; <see cref="Close"/> it when the session ends.</summary>
    public ChannelReader<Sealed> Open(ReadOnlySpan<byte> session) => _sessions.GetOrAdd(Convert.ToHexString(session), _ => NewQueue()).Reader;

    public void Close(ReadOnlySpan<byte> session) => _sessions.TryRemove(Convert.ToHexString(session), out _);

    private static Channel<Sealed> NewQueue() =>
        System.Threading.Channels.Channel.CreateBounded<Sealed>(new BoundedChannelOptions(MaxFramesPerSession) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
}
