using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Custody.Messaging;

/// <summary>
/// The events this process knows: wire name to <see cref="EventType"/> (to read <c>ce-type</c>), and CLR type to
/// its <see cref="EventType{T}"/> and the topic it is published on. Filled at start-up by
/// <see cref="MessagingBuilder.AddEvent{T}"/>; a wire name or CLR type is registered once.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, EventType> _byWireName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, (EventType Type, string TopicId)> _byClrType = new();

    /// <summary>Registers <paramref name="type"/> as published on <paramref name="topicId"/>.</summary>
    public void Add<T>(EventType<T> type, string topicId)
    {
        ArgumentNullException.ThrowIfNull(type);
        PubSubIds.Check(topicId, nameof(topicId));
        if (!_byWireName.TryAdd(type.WireName, type))
        {
            throw new InvalidOperationException($"The wire name {type.WireName} is already registered.");
        }

        if (!_byClrType.TryAdd(typeof(T), (type, topicId)))
        {
            _byWireName.TryRemove(type.WireName, out _);
            throw new InvalidOperationException($"{typeof(T).FullName} is already registered under another wire name.");
        }
    }

    /// <summary>The event type a <c>ce-type</c> names, if known (exact, case-sensitive).</summary>
    public bool TryGet(string wireName, [NotNullWhen(true)] out EventType? type) => _byWireName.TryGetValue(wireName, out type);

    /// <summary>The registration of <typeparamref name="T"/>, if any.</summary>
    public bool TryGet<T>([NotNullWhen(true)] out EventType<T>? type, [NotNullWhen(true)] out string? topicId)
    {
        if (_byClrType.TryGetValue(typeof(T), out var entry))
        {
            type = (EventType<T>)entry.Type;
            topicId = entry.TopicId;
            return true;
        }

        type = null;
        topicId = null;
        return false;
    }

    /// <summary>The topics registered events are published on.</summary>
    internal IEnumerable<string> TopicIds => _byClrType.Values.Select(v => v.TopicId).Distinct(StringComparer.Ordinal);

    /// <summary>Every registered event type.</summary>
    public IReadOnlyCollection<EventType> All => [.. _byWireName.Values];
}
