using System.Security.Cryptography;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// One round of a protocol (the round-per-type shape of multi-party-sig). Constructing a round computes what
/// this party sends in it (<see cref="Outgoing"/>). <see cref="Receive"/> checks the envelope, parses and
/// validates the payload without side effects on protocol state, and stores it. Once a message of every
/// expected kind has arrived from every other party, <see cref="Finalize"/> runs the round's checks and yields
/// the next round, the output, or an abort naming the culprit.
/// </summary>
public abstract class MpcRound<TOutput>
{
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed)> _broadcasts = [];
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed)> _directs = [];
    private bool _finalized;

    protected MpcRound(SessionContext context)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    protected SessionContext Context { get; }

    /// <summary>The session this round belongs to.</summary>
    public ReadOnlySpan<byte> SessionId => Context.SessionId;

    /// <summary>1-based round number (envelope field).</summary>
    public abstract byte Number { get; }

    /// <summary>Whether every other party sends this party a broadcast in this round.</summary>
    protected abstract bool ExpectsBroadcast { get; }

    /// <summary>Whether every other party sends this party a direct message in this round.</summary>
    protected abstract bool ExpectsDirect { get; }

    /// <summary>The envelopes this party sends in this round.</summary>
    public abstract IReadOnlyList<MpcEnvelope> Outgoing { get; }

    public bool IsComplete =>
        (!ExpectsBroadcast || _broadcasts.Count == Context.Others.Count)
        && (!ExpectsDirect || _directs.Count == Context.Others.Count);

    /// <summary>
    /// Accepts one envelope of this round. Throws <see cref="MpcTransportException"/> for an envelope of another
    /// session, protocol or recipient (a routing fault nobody can be blamed for) and <see cref="MpcAbortException"/>
    /// naming the sender for an envelope its sender got wrong (unknown sender, unexpected kind, malformed or
    /// invalid payload, a second different message).
    /// </summary>
    public void Receive(MpcEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (_finalized)
        {
            throw new InvalidOperationException("round already finalised");
        }

        if (!envelope.SessionId.SequenceEqual(Context.SessionId) || envelope.Protocol != Context.Protocol)
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
    }

    /// <summary>Parses and validates a broadcast payload (no side effects); throws <see cref="WireFormatException"/>, <see cref="ArgumentException"/> or <see cref="MpcAbortException"/>.</summary>
    protected virtual object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) =>
        throw new InvalidOperationException("this round has no broadcast");

    /// <summary>Parses and validates a direct payload (no side effects).</summary>
    protected virtual object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) =>
        throw new InvalidOperationException("this round has no direct message");

    /// <summary>The round's checks and computation, on the stored messages.</summary>
    protected abstract RoundOutcome<TOutput> Complete();

    /// <summary>Called when <see cref="Complete"/> aborts: wipe secrets, mark pairwise state unusable.</summary>
    protected virtual void OnAbort(MpcAbortException abort)
    {
    }

    protected T BroadcastFrom<T>(PartyId from) => (T)_broadcasts[from].Parsed;

    protected T DirectFrom<T>(PartyId from) => (T)_directs[from].Parsed;

    /// <summary>The raw broadcast payloads of this round, by sender (for echo checks).</summary>
    protected ReadOnlySpan<byte> RawBroadcastFrom(PartyId from) => _broadcasts[from].Raw;
}
