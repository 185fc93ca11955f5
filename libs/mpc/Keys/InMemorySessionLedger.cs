using Custody.Mpc.Protocol;

namespace Custody.Mpc.Keys;

/// <summary>
/// An <see cref="ISessionLedger"/> in memory: atomic within one process, lost with it. For tests, the CLI's
/// in-process demo and benchmark, and as the reference behaviour for the services' durable implementations.
/// </summary>
public sealed class InMemorySessionLedger : ISessionLedger
{
    private readonly HashSet<string> _answered = [];
    private readonly Dictionary<string, DiscardedPair> _discarded = [];
    private readonly Lock _gate = new();

    public ValueTask<bool> TryRecordAnswerAsync(AnsweredSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            return ValueTask.FromResult(_answered.Add(session.StorageKey));
        }
    }

    public ValueTask RecordDiscardedPairAsync(DiscardedPair pair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        lock (_gate)
        {
            _discarded[pair.StorageKey] = pair;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DiscardedPair>> DiscardedPairsAsync(ReadOnlyMemory<byte> keyId, PartyId self, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DiscardedPair> matching = [.. _discarded.Values.Where(p => p.Self == self && p.KeyId.Span.SequenceEqual(keyId.Span))];
            return ValueTask.FromResult(matching);
        }
    }
}
