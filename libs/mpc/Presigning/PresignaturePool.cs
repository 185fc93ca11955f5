using System.Diagnostics.Metrics;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Presigning;

/// <summary>
/// The coordinator's pool of presignatures for one wallet and one party set: it hands out ids of presignatures
/// available in its own store (each id once per pool) and refills in the background to a target size by running
/// <c>generate</c> (a presigning run among the parties that stores every party's share, supplied by the service).
/// Handing out an id consumes nothing: each party's store enforces single use when the online round consumes it.
/// The number available is the OpenTelemetry gauge <c>custody.mpc.presignatures.available</c> (meter
/// <c>Custody.Mpc</c>, tags wallet and parties).
/// </summary>
public sealed class PresignaturePool : IAsyncDisposable
{
    public const string MeterName = "Custody.Mpc";
    public const string AvailableGauge = "custody.mpc.presignatures.available";

    /// <summary>Wait after the first failed run; it doubles with every further failure in a row, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private static readonly Meter Meter = new(MeterName);
    private static readonly Lock PoolsGate = new();
    private static readonly List<PresignaturePool> Pools = [];

    private readonly IPresignatureStore _store;
    private readonly Func<CancellationToken, Task> _generate;
    private readonly Func<TimeSpan, CancellationToken, Task> _wait;
    private readonly HashSet<string> _handedOut = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _partiesTag;
    private TaskCompletionSource _filled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _refill;
    private int _available;

    static PresignaturePool()
    {
        Meter.CreateObservableGauge(AvailableGauge, Observe, unit: "{presignature}", description: "Presignatures available in a pool, per wallet and party set");
    }

    /// <param name="wait">How the refill waits before retrying a failed run (default <see cref="Task.Delay(TimeSpan, CancellationToken)"/>).</param>
    public PresignaturePool(string walletId, IReadOnlyList<PartyId> parties, int targetSize, IPresignatureStore store, Func<CancellationToken, Task> generate, Func<TimeSpan, CancellationToken, Task>? wait = null)
    {
        PresignatureShare.ValidateWalletId(walletId);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        WalletId = walletId;
        Parties = parties.OrderBy(p => p).ToArray();
        TargetSize = targetSize;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _generate = generate ?? throw new ArgumentNullException(nameof(generate));
        _wait = wait ?? Task.Delay;
        _partiesTag = string.Join(',', Parties);
    }

    public string WalletId { get; }

    public IReadOnlyList<PartyId> Parties { get; }

    public int TargetSize { get; }

    /// <summary>Presignatures available and not yet handed out, as last counted.</summary>
    public int Available => Volatile.Read(ref _available);

    /// <summary>
    /// The last refill error; null after a successful generation. After an abort, a transport failure or a refused
    /// store write the refill goes on; after any other error (a bug, a broken store) it stops.
    /// </summary>
    public Exception? LastError { get; private set; }

    /// <summary>Starts the background refill.</summary>
    public void Start()
    {
        lock (PoolsGate)
        {
            Pools.Add(this);
        }

        _refill = Task.Run(() => RefillLoopAsync(_stop.Token));
    }

    /// <summary>Completes once the pool has reached its target size (again, after a take).</summary>
    public Task FilledAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _filled.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The id of an available presignature, handed out once; null when the pool is empty. Wakes the refill.</summary>
    public async Task<byte[]?> TryTakeAsync(CancellationToken cancellationToken)
    {
        var ids = await _store.AvailableAsync(WalletId, Parties, cancellationToken).ConfigureAwait(false);
        byte[]? taken = null;
        lock (_gate)
        {
            taken = ids.FirstOrDefault(id => _handedOut.Add(Convert.ToHexStringLower(id)));
            Count(ids);
        }

        _wake.Release();
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        lock (PoolsGate)
        {
            Pools.Remove(this);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_refill is { } refill)
        {
            await refill.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RefillLoopAsync(CancellationToken cancellationToken)
    {
        var failuresInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var ids = await _store.AvailableAsync(WalletId, Parties, cancellationToken).ConfigureAwait(false);
                bool full;
                lock (_gate)
                {
                    full = Count(ids) >= TargetSize;
                    if (full)
                    {
                        _filled.TrySetResult();
                    }
                }

                if (full)
                {
                    await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await _generate(cancellationToken).ConfigureAwait(false);
                LastError = null;
                failuresInARow = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MpcAbortException or MpcTransportException or PresignatureRefusedException)
            {
                // A failed run (an abort, a lost party) leaves the pool as it was; the next round tries again, after a
                // wait that grows while the runs keep failing (a party that is down is not asked again at once).
                LastError = ex;
                failuresInARow++;
                await WaitBeforeRetryAsync(failuresInARow, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Anything else is a bug or a broken store: the refill stops (the pool still hands out what it has).
                LastError = ex;
                return;
            }
        }
    }

    private async Task WaitBeforeRetryAsync(int failuresInARow, CancellationToken cancellationToken)
    {
        var delay = RetryDelay(failuresInARow);
        try
        {
            await _wait(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the loop ends at its next check.
        }
    }

    /// <summary>The wait after <paramref name="failuresInARow"/> failed runs in a row: 200 ms doubling to at most 30 s.</summary>
    public static TimeSpan RetryDelay(int failuresInARow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresInARow, 1);
        var doublings = Math.Min(failuresInARow - 1, 16);
        var delay = FirstRetryDelay * (1 << doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>Caller holds _gate: forgets handed-out ids that are no longer available and counts the rest.</summary>
    private int Count(IReadOnlyList<byte[]> ids)
    {
        var current = ids.Select(Convert.ToHexStringLower).ToHashSet();
        _handedOut.IntersectWith(current);
        var available = current.Count - _handedOut.Count;
        Volatile.Write(ref _available, available);
        if (available < TargetSize && _filled.Task.IsCompleted)
        {
            _filled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return available;
    }

    private static IEnumerable<Measurement<int>> Observe()
    {
        PresignaturePool[] pools;
        lock (PoolsGate)
        {
            pools = [.. Pools];
        }

        return pools.Select(p => new Measurement<int>(p.Available, new KeyValuePair<string, object?>("wallet", p.WalletId), new KeyValuePair<string, object?>("parties", p._partiesTag)));
    }
}
