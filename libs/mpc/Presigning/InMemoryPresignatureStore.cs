using Custody.Mpc.Protocol;

namespace Custody.Mpc.Presigning;

/// <summary>
/// An <see cref="IPresignatureStore"/> in this process's memory, for tests and the CLI bench: atomic under a lock,
/// but neither durable nor shared between processes, and it keeps the shares as objects, unsealed. Services use a
/// durable, sealed store (libs/signing: FirestorePresignatureStore).
/// </summary>
public sealed class InMemoryPresignatureStore : IPresignatureStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Wallet, string Id), Entry> _entries = [];

    public ValueTask AddAsync(PresignatureShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var key = (share.WalletId, Convert.ToHexStringLower(share.Id));
        lock (_gate)
        {
            // A copy the caller cannot wipe or reuse: the store owns it until it is consumed.
            if (!_entries.TryAdd(key, new Entry(PresignatureCodec.DeserializeShare(PresignatureCodec.Serialize(share)), share.Parties.ToArray(), null)))
            {
                throw new PresignatureRefusedException($"presignature {key.Item2} of wallet {share.WalletId} is already stored");
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ConsumedPresignature> ConsumeAsync(PresignatureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = (request.WalletId, request.IdHex);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                throw new PresignatureRefusedException($"presignature {request.IdHex} of wallet {request.WalletId} is unknown to this party");
            }

            if (entry.Consumed is { } consumed)
            {
                return ValueTask.FromResult(PresignatureConsumption.Repeat(consumed, request));
            }

            if (request.MismatchOf(entry.Share!) is { } refusal)
            {
                // Refused without consuming: the share stays available.
                throw refusal;
            }

            var finished = PresignatureConsumption.Finish(entry.Share!, request);
            _entries[key] = new Entry(null, entry.Parties, finished);
            return ValueTask.FromResult(finished);
        }
    }

    public ValueTask<IReadOnlyList<byte[]>> AvailableAsync(string walletId, IReadOnlyList<PartyId> parties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var sorted = parties.OrderBy(p => p).ToArray();
        lock (_gate)
        {
            IReadOnlyList<byte[]> ids = _entries
                .Where(e => e.Key.Wallet == walletId && e.Value.Consumed is null && e.Value.Parties.SequenceEqual(sorted))
                .Select(e => Convert.FromHexString(e.Key.Id))
                .ToArray();
            return ValueTask.FromResult(ids);
        }
    }

    private sealed record Entry(PresignatureShare? Share, PartyId[] Parties, ConsumedPresignature? Consumed);
}
