namespace Custody.Gcp.PubSub;

/// <summary>
/// Client-side flow control: counts messages received and not yet finished (acked, nacked or dropped) and
/// their bytes; the stream is read only while both are under their limits. Messages that arrive beyond the
/// limit in one response are held, never dropped.
/// </summary>
internal sealed class FlowGate(int maxMessages, long maxBytes)
{
    private readonly Lock _gate = new();
    private int _messages;
    private long _bytes;
    private TaskCompletionSource? _room;

    public int Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages;
            }
        }
    }

    public void Add(long bytes)
    {
        lock (_gate)
        {
            _messages++;
            _bytes += bytes;
        }
    }

    public void Release(long bytes)
    {
        TaskCompletionSource? room = null;
        lock (_gate)
        {
            _messages--;
            _bytes -= bytes;
            if (HasRoom())
            {
                room = _room;
                _room = null;
            }
        }

        room?.TrySetResult();
    }

    /// <summary>Completes when the stream may be read again.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HasRoom())
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task.WaitAsync(cancellationToken);
        }
    }

    private bool HasRoom() => _messages < maxMessages && _bytes < maxBytes;
}
