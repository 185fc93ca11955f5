using System.Security.Cryptography;

namespace Custody.Mpc.Protocol;

/// <summary>
/// This party's echo of earlier rounds' broadcasts (docs/mpc.md "Shape of the code", "Signed messages and provable
/// blame"): in a later round every party sends, per echoed round and per participant in ascending order, the
/// SHA-256 digest of the broadcast it received (its own included) and the signature its sender put on it (64 zero
/// bytes in a run without identities). Comparing a counterpart's echo with this party's view catches a broadcast
/// shown differently to different parties before any pairwise check uses it.
/// <para>
/// Attribution. With identities and a broadcast bound to the agreed session id, any difference names one culprit
/// with evidence: if the counterpart's entry carries a valid signature of the broadcast's sender, that sender
/// signed two different broadcasts (<see cref="EquivocationEvidence"/>); if not, the counterpart forged the entry
/// (<see cref="ForgedEchoEvidence"/>). A difference about a broadcast bound only to the caller's label (round 0)
/// cannot be attributed (a relay may replay a round-0 message of an earlier run under the same label): the abort
/// names suspects and blames nobody. Without identities the transport is trusted to authenticate and not replay:
/// a counterpart whose echo misstates its own broadcast or this party's is the culprit; a difference about a third
/// party's broadcast names both as suspects.
/// </para>
/// </summary>
internal sealed class BroadcastEcho
{
    public const int EntryLength = SignedStatement.DigestLength + SignedStatement.SignatureLength;

    private readonly SessionContext _context;
    private readonly IReadOnlyDictionary<PartyId, SignedStatement>[] _rounds;

    /// <param name="rounds">Per echoed round, every participant's broadcast statement (this party's own included).</param>
    public BroadcastEcho(SessionContext context, params IReadOnlyDictionary<PartyId, SignedStatement>[] rounds)
    {
        _context = context;
        _rounds = rounds;
        Bytes = new byte[EntryLength * rounds.Length * context.Parties.Count];
        for (var i = 0; i < SlotCount; i++)
        {
            var statement = Slot(i);
            var entry = Bytes.AsSpan(i * EntryLength, EntryLength);
            statement.PayloadDigest.CopyTo(entry);
            statement.Signature.CopyTo(entry[SignedStatement.DigestLength..]);
        }
    }

    /// <summary>The echo as it is sent.</summary>
    public byte[] Bytes { get; }

    private int SlotCount => _rounds.Length * _context.Parties.Count;

    /// <summary>
    /// Compares every counterpart's echo with this party's; throws <see cref="MpcAbortException"/> on a difference,
    /// naming a single culprit whenever any difference proves one, else the suspects of the first.
    /// <paramref name="carrierOf"/> yields the counterpart's signed message carrying the echo (read only for evidence).
    /// </summary>
    public void CheckAll(Func<PartyId, byte[]> echoOf, Func<PartyId, (SignedStatement Statement, byte[] Payload)> carrierOf, string what)
    {
        MpcAbortException? ambiguous = null;
        foreach (var from in _context.Others)
        {
            var abort = Compare(from, echoOf(from), carrierOf, what);
            if (abort is null)
            {
                continue;
            }

            if (abort.Culprit.IsValid)
            {
                throw abort;
            }

            ambiguous ??= abort;
        }

        if (ambiguous is not null)
        {
            throw ambiguous;
        }
    }

    private SignedStatement Slot(int index) => _rounds[index / _context.Parties.Count][_context.Parties[index % _context.Parties.Count]];

    private MpcAbortException? Compare(PartyId from, byte[] echo, Func<PartyId, (SignedStatement Statement, byte[] Payload)> carrierOf, string what)
    {
        if (echo.Length != Bytes.Length)
        {
            return new MpcAbortException(from, $"{what}: echo of the wrong length");
        }

        MpcAbortException? ambiguous = null;
        for (var i = 0; i < SlotCount; i++)
        {
            var digest = echo.AsSpan(i * EntryLength, SignedStatement.DigestLength);
            var mine = Slot(i);
            if (CryptographicOperations.FixedTimeEquals(digest, mine.PayloadDigest))
            {
                continue;
            }

            var abort = _context.Identities is { } identities
                ? Attribute(identities, from, i, mine, mine.WithClaim(digest, echo.AsSpan((i * EntryLength) + SignedStatement.DigestLength, SignedStatement.SignatureLength)), carrierOf, what)
                : AttributeUnsigned(from, mine.From, what);
            if (abort.Culprit.IsValid)
            {
                return abort;
            }

            ambiguous ??= abort;
        }

        return ambiguous;
    }

    private static MpcAbortException Attribute(PartyIdentities identities, PartyId from, int index, SignedStatement mine, SignedStatement claim, Func<PartyId, (SignedStatement Statement, byte[] Payload)> carrierOf, string what)
    {
        var sender = mine.From;
        if (!mine.IsAgreed)
        {
            IReadOnlyList<PartyId> suspects = sender == from ? [from] : [sender, from];
            return new MpcAbortException(suspects, $"{what}: party {sender}'s broadcast differs between this party's view and party {from}'s; it is bound only to the caller's label (a replayed earlier run or equivocation), so nobody can be blamed");
        }

        if (claim.Verify(identities.PublicKeyOf(sender)))
        {
            return new MpcAbortException(sender, $"{what}: party {sender} signed two different broadcasts for the same round (equivocation, proven)", new EquivocationEvidence(mine, claim));
        }

        var (carrier, payload) = carrierOf(from);
        return new MpcAbortException(from, $"{what}: party {from}'s echo of party {sender}'s broadcast carries no valid signature of {sender} (forged echo, proven)", new ForgedEchoEvidence(carrier, payload, index, claim));
    }

    private MpcAbortException AttributeUnsigned(PartyId from, PartyId sender, string what)
    {
        if (sender == from)
        {
            return new MpcAbortException(from, $"{what}: party {from} sent this party a broadcast other than the one it echoes (equivocation)");
        }

        if (sender == _context.Self)
        {
            return new MpcAbortException(from, $"{what}: party {from} misreports this party's broadcast");
        }

        return new MpcAbortException([sender, from], $"{what}: party {sender}'s broadcast differs between this party's view and party {from}'s ({sender} equivocated or {from} misreports it)");
    }
}
