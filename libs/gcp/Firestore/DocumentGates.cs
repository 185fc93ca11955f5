namespace Custody.Gcp.Firestore;

/// <summary>
/// In-process gates, one per document a transaction reads, held until the transaction attempt ends.
/// Firestore (and markedly its emulator, whose lock timeout is ~2 s) resolves read-write contention by
/// aborting transactions: two transactions that read the same document and then both commit block each other
/// until one is ABORTED. Transactions of one process that read the same document are therefore queued here
/// first, so that only contention between processes reaches the server. The wait is bounded: a transaction
/// that cannot get a gate in time proceeds without it (so crossed lock orders can never hang), and the
/// server's own concurrency control still decides correctness; the gates only reduce aborted work.
/// </summary>
internal sealed class DocumentGates
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Enters the gate of <paramref name="name"/>; null if it could not within <paramref name="wait"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(name, out gate!))
            {
                gate = new Gate();
                _gates.Add(name, gate);
            }

            gate.Users++;
        }

        var entered = false;
        try
        {
            entered = await gate.Semaphore.WaitAsync(wait, ct).ConfigureAwait(false);
            return entered ? new Lease(this, name, gate) : null;
        }
        finally
        {
            if (!entered)
            {
                Leave(name, gate);
            }
        }
    }

    private void Leave(string name, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(name);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(DocumentGates owner, string name, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Semaphore.Release();
                owner.Leave(name, gate);
            }
        }
    }
}
