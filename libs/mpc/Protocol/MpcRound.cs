using System.Security.Cryptography;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// One round of a protocol (the round-per-type shape of multi-party-sig). Constructing a round computes what
/// this party sends in it. A driver first awaits <see cref="PrepareAsync"/> (durable claims a round needs before
/// its messages may leave: see the signing rounds), then sends <see cref="Outgoing"/>. <see cref="Receive"/>
/// checks the envelope, parses and validates the payload without side effects on protocol state, and stores it.
/// Once a message of every expected kind has arrived from every other party, <see cref="Finalize"/> runs the
/// round's checks and yields the next round, the output, or an abort naming the culprit. Whatever ends the run
/// early (an abort while receiving or finalising, a misrouted envelope) wipes the round's secrets and, in signing,
/// discards the pair with the culprit: no driver can skip it.
/// </summary>
public abstract class MpcRound<TOutput>
{
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed)> _broadcasts = [];
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed)> _directs = [];
    private bool _finalized;
    private bool _prepared;

    protected MpcRound(SessionContext context)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    protected SessionContext Context { get; }

    /// <summary>The session id bound into this round's cryptography (the agreed id once there is one).</summary>
    public ReadOnlySpan<byte> SessionId => Context.SessionId;

    /// <summary>The id this run's envelopes carry (the caller's label).</summary>
    public ReadOnlySpan<byte> RoutingId => Context.RoutingId;

    /// <summary>Round number (envelope field); signing starts at 0 with the session agreement.</summary>
    public abstract byte Number { get; }

    /// <summary>Whether every other party sends this party a broadcast in this round.</summary>
    protected abstract bool ExpectsBroadcast { get; }

    /// <summary>Whether every other party sends this party a direct message in this round.</summary>
    protected abstract bool ExpectsDirect { get; }

    /// <summary>The envelopes this party sends in this round; available once <see cref="PrepareAsync"/> has completed.</summary>
    public IReadOnlyList<MpcEnvelope> Outgoing =>
        _prepared || !NeedsPreparation
            ? OutgoingMessages
            : throw new InvalidOperationException($"round {Number} of {Context.Protocol} must be prepared (PrepareAsync) before its messages are sent");

    /// <summary>The envelopes this party sends in this round.</summary>
    protected abstract IReadOnlyList<MpcEnvelope> OutgoingMessages { get; }

    /// <summary>Whether <see cref="PrepareAsync"/> does work that must finish before <see cref="Outgoing"/> is sent.</summary>
    protected virtual bool NeedsPreparation => false;

    public bool IsComplete =>
        (!ExpectsBroadcast || _broadcasts.Count == Context.Others.Count)
        && (!ExpectsDirect || _directs.Count == Context.Others.Count);

    /// <summary>
    /// Completes what must be durable before this round's messages leave (for example the record that this party
    /// answered a signing session). Every driver awaits it before reading <see cref="Outgoing"/>. On failure the
    /// round's secrets are wiped.
    /// </summary>
    public async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared || !NeedsPreparation)
        {
            _prepared = true;
            return;
        }

        try
        {
            await PrepareCoreAsync(cancellationToken).ConfigureAwait(false);
            _prepared = true;
        }
        catch
        {
            End(null);
            throw;
        }
    }

    /// <summary>
    /// Durable side effects of an abort (signing records the discarded pair in its ledger). Drivers await it after
    /// any <see cref="MpcAbortException"/> of this round, before they report the abort.
    /// </summary>
    public virtual ValueTask RecordAbortAsync(MpcAbortException abort, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Accepts one envelope of this round. Throws <see cref="MpcTransportException"/> for an envelope of another
    /// session, protocol or recipient (a routing fault nobody can be blamed for) and <see cref="MpcAbortException"/>
    /// naming the sender for an envelope its sender got wrong (unknown sender, unexpected kind, malformed or
    /// invalid payload, a second different message). An identical re-delivery of a message of this or an earlier
    /// round is ignored. Either exception ends the run: the round's secrets are wiped first.
    /// </summary>
    public void Receive(MpcEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (_finalized)
        {
            throw new InvalidOperationException("round already finalised");
        }

        try
        {
            Accept(envelope);
        }
        catch (MpcAbortException abort)
        {
            End(abort);
            throw;
        }
        catch (MpcTransportException)
        {
            End(null);
            throw;
        }
        finally
        {
            // Direct messages can carry secrets (DKG Shamir shares, seed openings): the round keeps its own copy.
            if (!envelope.IsBroadcast)
            {
                envelope.WipePayload();
            }
        }
    }

    /// <summary>Runs the round's checks and moves on. Callable once, after <see cref="IsComplete"/>.</summary>
    public RoundOutcome<TOutput> Finalize()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"round {Number} of {Context.Protocol} is missing messages");
        }

        if (_finalized)
        {
            throw new InvalidOperationException("round already finalised");
        }

        _finalized = true;
        try
        {
            return Complete();
        }
        catch (MpcAbortException abort)
        {
            OnAbort(abort);
            return new RoundOutcome<TOutput>.Aborted(abort);
        }
        catch
        {
            Wipe();
            throw;
        }
        finally
        {
            WipeReceivedDirects();
        }
    }

    /// <summary>Parses and validates a broadcast payload (no side effects); throws <see cref="WireFormatException"/>, <see cref="ArgumentException"/> or <see cref="MpcAbortException"/>.</summary>
    protected virtual object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) =>
        throw new InvalidOperationException("this round has no broadcast");

    /// <summary>Parses and validates a direct payload (no side effects).</summary>
    protected virtual object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) =>
        throw new InvalidOperationException("this round has no direct message");

    /// <summary>The round's checks and computation, on the stored messages.</summary>
    protected abstract RoundOutcome<TOutput> Complete();

    /// <summary>Durable work before <see cref="Outgoing"/> may be sent (only when <see cref="NeedsPreparation"/>).</summary>
    protected virtual ValueTask PrepareCoreAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once when the run aborts in this round: mark pairwise state unusable where the protocol says so, then <see cref="Wipe"/>.</summary>
    protected virtual void OnAbort(MpcAbortException abort) => Wipe();

    /// <summary>Wipes the secrets the run holds (called on every early end).</summary>
    protected virtual void Wipe()
    {
    }

    protected T BroadcastFrom<T>(PartyId from) => (T)_broadcasts[from].Parsed;

    protected T DirectFrom<T>(PartyId from) => (T)_directs[from].Parsed;

    /// <summary>The raw broadcast payloads of this round, by sender (for echo checks).</summary>
    protected ReadOnlySpan<byte> RawBroadcastFrom(PartyId from) => _broadcasts[from].Raw;

    /// <summary>Zeroes the stored copies of direct payloads (received and sent) and disposes parsed directs that hold secrets.</summary>
    private void WipeReceivedDirects()
    {
        foreach (var (raw, parsed) in _directs.Values)
        {
            CryptographicOperations.ZeroMemory(raw);
            (parsed as IDisposable)?.Dispose();
        }

        // This party's own direct envelopes were sent before the round could finish.
        foreach (var envelope in OutgoingMessages.Where(e => !e.IsBroadcast))
        {
            envelope.WipePayload();
        }
    }

    /// <summary>
    /// Ends the run in this round from outside (a driver's own abort, a failed exchange, a cancellation): the same
    /// wipe and, for an abort, the same pair discard as an abort raised inside. No effect once the round has ended.
    /// </summary>
    internal void EndFromDriver(MpcAbortException? abort)
    {
        if (!_finalized)
        {
            End(abort);
        }
    }

    private void End(MpcAbortException? abort)
    {
        _finalized = true;
        WipeReceivedDirects();
        if (abort is null)
        {
            Wipe();
        }
        else
        {
            OnAbort(abort);
        }
    }

    private void Accept(MpcEnvelope envelope)
    {
        if (!envelope.SessionId.SequenceEqual(Context.RoutingId) || envelope.Protocol != Context.Protocol)
        {
            throw new MpcTransportException($"envelope of another session or protocol rejected ({envelope})");
        }

        if (envelope.To is { } to && to != Context.Self)
        {
            throw new MpcTransportException($"envelope for another party rejected ({envelope})");
        }

        if (!Context.Others.Contains(envelope.From))
        {
            throw new MpcTransportException($"envelope from a party outside the session rejected ({envelope})");
        }

        if (envelope.Round < Number && Context.Received.IsRepeat(envelope) is { } repeat)
        {
            // At-least-once delivery: an identical late copy is harmless; a different one is equivocation.
            if (repeat)
            {
                return;
            }

            throw new MpcAbortException(envelope.From, $"two different messages in round {envelope.Round} of {Context.Protocol}");
        }

        if (envelope.Round != Number)
        {
            throw new MpcAbortException(envelope.From, $"message for round {envelope.Round} received in round {Number} of {Context.Protocol}");
        }

        var store = envelope.IsBroadcast ? _broadcasts : _directs;
        if (envelope.IsBroadcast ? !ExpectsBroadcast : !ExpectsDirect)
        {
            throw new MpcAbortException(envelope.From, $"unexpected {(envelope.IsBroadcast ? "broadcast" : "direct")} message in round {Number} of {Context.Protocol}");
        }

        if (store.TryGetValue(envelope.From, out var previous))
        {
            // An identical re-delivery is harmless; a different second message is equivocation.
            if (CryptographicOperations.FixedTimeEquals(previous.Raw, envelope.Payload))
            {
                return;
            }

            throw new MpcAbortException(envelope.From, $"two different messages in round {Number} of {Context.Protocol}");
        }

        object parsed;
        try
        {
            parsed = envelope.IsBroadcast ? ParseBroadcast(envelope.From, envelope.Payload) : ParseDirect(envelope.From, envelope.Payload);
        }
        catch (Exception ex) when (ex is WireFormatException or ArgumentException)
        {
            throw new MpcAbortException(envelope.From, $"malformed message in round {Number} of {Context.Protocol}: {ex.Message}");
        }

        store[envelope.From] = (envelope.Payload.ToArray(), parsed);
        Context.Received.Record(envelope);
    }
}
