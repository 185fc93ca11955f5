using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Custody.Contracts.Events;

namespace Custody.Contracts;

/// <summary>
/// Maps wire names (CloudEvents <c>ce-type</c>) to contract types and their source-generated JSON metadata,
/// for the messaging layer. Unknown wire names are not resolved (the consumer dead-letters them).
/// </summary>
public static class EventRegistry
{
    private static readonly EventRegistration[] Registrations =
    [
        Register<TransactionRequested>(ContractsJsonContext.Default.TransactionRequested),
        Register<TransactionValidated>(ContractsJsonContext.Default.TransactionValidated),
        Register<TransactionRejected>(ContractsJsonContext.Default.TransactionRejected),
        Register<TransactionApproved>(ContractsJsonContext.Default.TransactionApproved),
        Register<TransactionExpired>(ContractsJsonContext.Default.TransactionExpired),
        Register<TransactionSigned>(ContractsJsonContext.Default.TransactionSigned),
        Register<TransactionBroadcast>(ContractsJsonContext.Default.TransactionBroadcast),
        Register<TransactionConfirmed>(ContractsJsonContext.Default.TransactionConfirmed),
        Register<TransactionFailed>(ContractsJsonContext.Default.TransactionFailed),
        Register<TransactionReplacementRequested>(ContractsJsonContext.Default.TransactionReplacementRequested),
    ];

    private static readonly FrozenDictionary<string, EventRegistration> ByWireName =
        Registrations.ToFrozenDictionary(r => r.WireName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, EventRegistration> ByType =
        Registrations.ToFrozenDictionary(r => r.Type);

    /// <summary>Every registered event.</summary>
    public static IReadOnlyList<EventRegistration> All => Registrations;

    /// <summary>The wire name of a contract type.</summary>
    public static string WireNameOf<TEvent>()
        where TEvent : ICustodyEvent => TEvent.WireName;

    /// <summary>The wire name of a registered contract type, or an exception naming the type.</summary>
    public static string WireNameOf(Type eventType) =>
        ByType.TryGetValue(eventType, out var registration)
            ? registration.WireName
            : throw new ArgumentException($"{eventType.FullName} is not a registered custody event.", nameof(eventType));

    /// <summary>The registration for a wire name, if the name is known (exact, case-sensitive match).</summary>
    public static bool TryGet(string wireName, [NotNullWhen(true)] out EventRegistration? registration) =>
        ByWireName.TryGetValue(wireName, out registration);

    /// <summary>The JSON metadata for a wire name, if the name is known.</summary>
    public static bool TryGetTypeInfo(string wireName, [NotNullWhen(true)] out JsonTypeInfo? typeInfo)
    {
        typeInfo = TryGet(wireName, out var registration) ? registration.TypeInfo : null;
        return typeInfo is not null;
    }

    /// <summary>The JSON metadata of a contract type.</summary>
    public static JsonTypeInfo<TEvent> TypeInfoOf<TEvent>()
        where TEvent : ICustodyEvent =>
        (JsonTypeInfo<TEvent>)ByType[typeof(TEvent)].TypeInfo;

    private static EventRegistration Register<TEvent>(JsonTypeInfo<TEvent> typeInfo)
        where TEvent : ICustodyEvent =>
        new(TEvent.WireName, TEvent.SchemaVersion, typeof(TEvent), typeInfo);
}
