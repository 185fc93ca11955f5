namespace Custody.Gcp.PubSub;

/// <summary>
/// The batches of one (topic, ordering key). Not thread-safe: <see cref="PubSubPublisher"/> guards it with its lock.
/// For an ordering key at most one batch is in flight and a permanent failure pauses the key
/// (<see cref="Failure"/>); without a key (<see cref="Ordered"/> false) batches are sent as soon as they are sealed.
/// </summary>
internal sealed class PublishQueue(string topicId, string topicName, string orderingKey)
{
    private List<PendingPublish> _current = [];
    private long _currentBytes;

    public string TopicId { get; } = topicId;

    public string TopicName { get; } = topicName;

    public string OrderingKey { get; } = orderingKey;

    public bool Ordered => OrderingKey.Length > 0;

    /// <summary>Changes each time the open batch is sealed, so a stale batch-delay timer does nothing.</summary>
    public long Generation { get; private set; }

    public Queue<List<PendingPublish>> Sealed { get; } = new();

    public bool InFlight { get; set; }

    /// <summary>Why this ordering key is paused; null when publishing on it is allowed.</summary>
    public Exception? Failure { get; set; }

    public int OpenCount => _current.Count;

    public bool IsIdle => _current.Count == 0 && Sealed.Count == 0 && !InFlight;

    /// <summary>Adds <paramref name="message"/>, sealing the open batch before it would exceed a limit and once it reaches one.</summary>
    public void Add(PendingPublish message, PublisherSettings settings)
    {
        if (_current.Count > 0 && (_current.Count + 1 > settings.MaxBatchMessages || _currentBytes + message.Size > settings.MaxBatchBytes))
        {
            Seal();
        }

        _current.Add(message);
        _currentBytes += message.Size;
        if (_current.Count >= settings.MaxBatchMessages || _currentBytes >= settings.MaxBatchBytes)
        {
            Seal();
        }
    }

    public void Seal()
    {
        if (_current.Count == 0)
        {
            return;
        }

        Sealed.Enqueue(_current);
        _current = [];
        _currentBytes = 0;
        Generation++;
    }

    /// <summary>Removes every queued (not in-flight) message, for failing them when the key is paused.</summary>
    public List<PendingPublish> TakeAllQueued()
    {
        Seal();
        var all = Sealed.SelectMany(b => b).ToList();
        Sealed.Clear();
        return all;
    }
}
