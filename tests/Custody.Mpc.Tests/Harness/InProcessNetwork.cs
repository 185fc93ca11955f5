using System.Threading.Channels;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Harness;

/// <summary>
/// An in-process network of N parties. Every envelope is serialised to bytes on send and parsed on receipt (the
/// wire format is exercised on every message). A tamper hook lets a test play a malicious sender: it sees every
/// envelope its party sends and may replace it. A run ends when every party has finished, or when the parties
/// still running are all waiting on empty inboxes (deadlock after an abort): those are cancelled.
/// </summary>
public sealed class InProcessNetwork
{
    private readonly Dictionary<PartyId, Channel<byte[]>> _inboxes;
    private readonly Lock _gate = new();
    private readonly HashSet<PartyId> _waiting = [];
    private readonly HashSet<PartyId> _finished = [];
    private CancellationTokenSource? _stalled;
    private long _bytes;

    public InProcessNetwork(IEnumerable<PartyId> parties)
    {
        _inboxes = parties.ToDictionary(p => p, _ => Channel.CreateUnbounded<byte[]>());
    }

    /// <summary>Replaces an envelope sent by <see cref="TamperingParty"/> (a malicious party's deviation).</summary>
    public Func<MpcEnvelope, MpcEnvelope>? Tamper { get; set; }

    public PartyId? TamperingParty { get; set; }

    /// <summary>Replaces what <see cref="TamperingParty"/> sends to one recipient (a party showing different parties different broadcasts).</summary>
    public Func<MpcEnvelope, PartyId, MpcEnvelope>? TamperTo { get; set; }

    /// <summary>
    /// The identity keys of the parties: a tampering party's replaced envelopes are signed again with its key, as a
    /// malicious party would sign its own deviations.
    /// </summary>
    public IReadOnlyDictionary<PartyId, PartyIdentityKey>? SigningKeys { get; set; }

    /// <summary>A malicious relay: what reaches a recipient instead of a (signed) envelope; it cannot sign.</summary>
    public Func<MpcEnvelope, PartyId, IEnumerable<MpcEnvelope>>? Relay { get; set; }

    /// <summary>At-least-once delivery: every envelope arrives twice, and each sender's previous envelope to the same recipients arrives again after it.</summary>
    public bool Redeliver { get; set; }

    private readonly Dictionary<(PartyId From, PartyId? To), byte[]> _previous = [];

    /// <summary>Bytes delivered so far (a broadcast counts once per recipient).</summary>
    public long BytesDelivered => Interlocked.Read(ref _bytes);

    public IMpcTransport TransportFor(PartyId party) => new Transport(this, party);

    /// <summary>Runs one protocol instance per party concurrently; returns each party's output or error.</summary>
    public async Task<IReadOnlyDictionary<PartyId, PartyOutcome<T>>> RunAsync<T>(
        IEnumerable<PartyId> participants,
        Func<PartyId, IMpcTransport, CancellationToken, Task<T>> run)
    {
        var parties = participants.ToArray();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        lock (_gate)
        {
            _stalled = stalled;
            _waiting.Clear();
            _finished.Clear();
            foreach (var absent in _inboxes.Keys.Except(parties))
            {
                _finished.Add(absent);
            }
        }

        var tasks = parties.ToDictionary(p => p, p => Task.Run(async () =>
        {
            try
            {
                return new PartyOutcome<T>(await run(p, TransportFor(p), stalled.Token).ConfigureAwait(false), null);
            }
            catch (Exception ex)
            {
                return new PartyOutcome<T>(default, ex);
            }
            finally
            {
                lock (_gate)
                {
                    _finished.Add(p);
                    CancelIfStalled();
                }
            }
        }));
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        if (deadline.IsCancellationRequested)
        {
            throw new TimeoutException("the protocol run did not finish within its deadline");
        }

        return tasks.ToDictionary(t => t.Key, t => t.Value.Result);
    }

    private void Deliver(MpcEnvelope envelope)
    {
        if (TamperingParty == envelope.From && Tamper is { } tamper)
        {
            envelope = SignedAgain(tamper(envelope));
        }

        var bytes = envelope.ToBytes();
        var recipients = envelope.To is { } to ? [to] : _inboxes.Keys.Where(p => p != envelope.From).ToArray();
        lock (_gate)
        {
            _previous.TryGetValue((envelope.From, envelope.To), out var previous);
            _previous[(envelope.From, envelope.To)] = bytes;
            foreach (var recipient in recipients)
            {
                var delivered = TamperingParty == envelope.From && TamperTo is { } tamperTo ? SignedAgain(tamperTo(envelope, recipient)).ToBytes() : bytes;
                Interlocked.Add(ref _bytes, delivered.Length);
                if (Relay is { } relay)
                {
                    foreach (var relayed in relay(MpcEnvelope.FromBytes(delivered), recipient))
                    {
                        _inboxes[recipient].Writer.TryWrite(relayed.ToBytes());
                    }
                }
                else
                {
                    _inboxes[recipient].Writer.TryWrite(delivered);
                }

                if (Redeliver)
                {
                    _inboxes[recipient].Writer.TryWrite(delivered);
                    if (previous is not null)
                    {
                        _inboxes[recipient].Writer.TryWrite(previous);
                    }
                }
            }
        }
    }

    private MpcEnvelope SignedAgain(MpcEnvelope envelope) =>
        !envelope.IsSigned && SigningKeys is { } keys && keys.TryGetValue(envelope.From, out var key) ? envelope.Sign(key) : envelope;

    private async ValueTask<MpcEnvelope> ReceiveAsync(PartyId party, CancellationToken cancellationToken)
    {
        var inbox = _inboxes[party].Reader;
        if (!inbox.TryRead(out var bytes))
        {
            lock (_gate)
            {
                _waiting.Add(party);
                CancelIfStalled();
            }

            try
            {
                bytes = await inbox.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _waiting.Remove(party);
                }
            }
        }

        return MpcEnvelope.FromBytes(bytes);
    }

    // Caller holds _gate. Stalled: everyone not finished waits on an empty inbox (messages to finished parties don't count).
    private void CancelIfStalled()
    {
        var pending = _inboxes.Keys.Where(p => !_finished.Contains(p)).ToArray();
        if (pending.Length > 0 && pending.All(_waiting.Contains) && pending.All(p => _inboxes[p].Reader.Count == 0))
        {
            _stalled?.Cancel();
        }
    }

    private sealed class Transport(InProcessNetwork network, PartyId party) : IMpcTransport
    {
        public ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken)
        {
            if (envelope.From != party)
            {
                throw new MpcTransportException("a party can only send as itself");
            }

            network.Deliver(envelope);
            return ValueTask.CompletedTask;
        }

        public ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken) => network.ReceiveAsync(party, cancellationToken);
    }
}

/// <summary>One party's result of a run: its output, or the exception it ended with.</summary>
public sealed record PartyOutcome<T>(T? Output, Exception? Error);
