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
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed, SignedStatement Statement)> _broadcasts = [];
    private readonly Dictionary<PartyId, (byte[] Raw, object Parsed, SignedStatement Statement)> _directs = [];
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

    /// <summary>The protocol this round belongs to.</summary>
    public MpcProtocol Protocol => Context.Protocol;

    /// <summary>The party running this round.</summary>
    public PartyId Party => Context.Self;

    /// <summary>How many parties take part in the run.</summary>
    public int PartyCount => Context.Parties.Count;

    /// <summary>Round number (envelope field); signing starts at 0 with the session agreement.</summary>
    public abstract byte Number { get; }

    /// <summary>Whether every other party sends this party a broadcast in this round.</summary>
    protected abstract bool ExpectsBroadcast { get; }

    /// <summary>Whether every other party sends this party a direct message in this round.</summary>
    protected abstract bool ExpectsDirect { get; }

    /// <summary>
    /// Whether <paramref name="from"/> sends this party a direct message in this round, when <see cref="ExpectsDirect"/>
    /// (default: every other party). A protocol in which only some pairs exchange direct messages (resharing: a party
    /// that leaves receives no share) narrows it; a direct from any other party is then refused as unexpected.
    /// </summary>
    protected virtual bool ExpectsDirectFrom(PartyId from) => true;

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
        && (!ExpectsDirect || _directs.Count == Context.Others.Count(ExpectsDirectFrom));

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
            CheckEchoes();
            CheckSessionBindings();
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

    /// <summary>
    /// The echo checks of this round (<see cref="BroadcastEcho"/>), run before anything else when the round is
    /// finalised, so that a view that differs is attributed before the session binding or any pairwise check is used.
    /// </summary>
    protected virtual void CheckEchoes()
    {
    }

    /// <summary>The round's checks and computation, on the stored messages (after <see cref="CheckEchoes"/>).</summary>
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

    /// <summary>Every participant's broadcast statement of this round, this party's own included (what a later round echoes).</summary>
    protected IReadOnlyDictionary<PartyId, SignedStatement> BroadcastStatements()
    {
        var own = OutgoingMessages.Single(e => e.IsBroadcast).Statement();
        var statements = new Dictionary<PartyId, SignedStatement> { [Context.Self] = own };
        foreach (var (from, received) in _broadcasts)
        {
            statements[from] = received.Statement;
        }

        return statements;
    }

    /// <summary>The signed message <paramref name="from"/> sent in this round (evidence for a forged echo it carries).</summary>
    protected (SignedStatement Statement, byte[] Payload) SignedMessageFrom(PartyId from, bool broadcast)
    {
        var (raw, _, statement) = (broadcast ? _broadcasts : _directs)[from];
        return (statement, raw.ToArray());
    }

    protected T DirectFrom<T>(PartyId from) => (T)_directs[from].Parsed;

    /// <summary>The raw broadcast payloads of this round, by sender (for echo checks).</summary>
    protected ReadOnlySpan<byte> RawBroadcastFrom(PartyId from) => _broadcasts[from].Raw;

    /// <summary>Zeroes the stored copies of direct payloads (received and sent) and disposes parsed directs that hold secrets.</summary>
    private void WipeReceivedDirects()
    {
        foreach (var (raw, parsed, _) in _directs.Values)
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

        if (Context.Identities is { } identities && !envelope.HasValidSignature(identities.PublicKeyOf(envelope.From)))
        {
            // Nobody can be blamed: a relay may have altered or forged it.
            throw new MpcTransportException($"envelope without a valid signature of party {envelope.From}'s pinned identity key rejected: altered or forged on the way, or sent unsigned ({envelope})");
        }

        if (envelope.Round < Number && Context.Received.Recorded(envelope) is { } earlier)
        {
            CheckRepeat(earlier, envelope);
            return;
        }

        if (envelope.Round != Number)
        {
            throw new MpcAbortException(envelope.From, $"message for round {envelope.Round} received in round {Number} of {Context.Protocol}");
        }

        var store = envelope.IsBroadcast ? _broadcasts : _directs;
        if (envelope.IsBroadcast ? !ExpectsBroadcast : !(ExpectsDirect && ExpectsDirectFrom(envelope.From)))
        {
            throw new MpcAbortException(envelope.From, $"unexpected {(envelope.IsBroadcast ? "broadcast" : "direct")} message in round {Number} of {Context.Protocol}");
        }

        if (store.TryGetValue(envelope.From, out var previous))
        {
            CheckRepeat(previous.Statement, envelope);
            return;
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

        store[envelope.From] = (envelope.Payload.ToArray(), parsed, envelope.Statement());
        Context.Received.Record(envelope);
    }

    /// <summary>
    /// A second message for a slot already filled. At-least-once delivery makes an identical copy harmless, and a
    /// message bound to another session id is a stale one of an earlier run under the same label: both are ignored.
    /// A different message for the same slot is equivocation: proven in a run with identities when the slot is
    /// bound to the agreed session id; not attributable (ignored, the first copy stands) when it is bound only to the
    /// label; blamed on the sender in a run without identities (the transport is trusted not to replay).
    /// </summary>
    private void CheckRepeat(SignedStatement earlier, MpcEnvelope envelope)
    {
        var statement = envelope.Statement();
        if (earlier.SamePayload(statement) || !earlier.SameSlot(statement))
        {
            return;
        }

        if (Context.Identities is null)
        {
            throw new MpcAbortException(envelope.From, $"two different messages in round {envelope.Round} of {Context.Protocol}");
        }

        if (statement.IsAgreed)
        {
            throw new MpcAbortException(envelope.From, $"two different signed messages in round {envelope.Round} of {Context.Protocol} (equivocation, proven)", new EquivocationEvidence(earlier, statement));
        }
    }

    /// <summary>
    /// Every message of the round must be bound to this party's session id. Once the echoes agree, the parties saw
    /// the same agreement, so another binding is the sender's deviation; in a run with identities it may also be a
    /// relay's replay of the sender's message from an earlier run under the same label, so nobody is blamed.
    /// </summary>
    private void CheckSessionBindings()
    {
        foreach (var (from, received) in _broadcasts.Concat(_directs))
        {
            if (received.Statement.Binding.SequenceEqual(Context.SessionId))
            {
                continue;
            }

            const string Reason = "is bound to another session id than this party's";
            throw Context.Identities is null
                ? new MpcAbortException(from, $"round {Number} of {Context.Protocol}: party {from}'s message {Reason}")
                : new MpcAbortException([from], $"round {Number} of {Context.Protocol}: party {from}'s message {Reason} (a replay of an earlier run under the same label, or a deviation); nobody can be blamed");
        }
    }
}
