using System.Security.Cryptography;

namespace Custody.Mpc.Protocol;

/// <summary>
/// A message signed by <see cref="Culprit"/> whose echo claims, for another party's broadcast of an agreed round, a
/// signature that party's pinned key does not verify: the echoing party made the claim up. The evidence holds the
/// whole signed message (its payload is needed to read the echo; for signing round 2 that is the RVOLE response
/// the culprit sent, which reveals nothing of the accuser's secrets).
/// </summary>
public sealed class ForgedEchoEvidence : BlameEvidence
{
    private readonly byte[] _carrierPayload;

    public ForgedEchoEvidence(SignedStatement carrier, ReadOnlySpan<byte> carrierPayload, int entryIndex, SignedStatement claim)
    {
        Carrier = carrier ?? throw new ArgumentNullException(nameof(carrier));
        Claim = claim ?? throw new ArgumentNullException(nameof(claim));
        _carrierPayload = carrierPayload.ToArray();
        EntryIndex = entryIndex;
    }

    /// <summary>The culprit's signed message that carries the echo.</summary>
    public SignedStatement Carrier { get; }

    public ReadOnlySpan<byte> CarrierPayload => _carrierPayload;

    /// <summary>Which entry of the echo is forged.</summary>
    public int EntryIndex { get; }

    /// <summary>The forged entry read as a statement of the echoed party (its digest and claimed signature).</summary>
    public SignedStatement Claim { get; }

    public override PartyId Culprit => Carrier.From;

    /// <summary>
    /// Whether the evidence proves the forgery, given the session's participants (ascending order is derived here)
    /// and the pinned identity keys.
    /// </summary>
    public bool Verify(IReadOnlyList<PartyId> participants, Func<PartyId, byte[]> pinnedKeyOf)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(pinnedKeyOf);
        var parties = participants.Distinct().OrderBy(p => p).ToArray();
        if (!Carrier.IsAgreed || !Carrier.Verify(pinnedKeyOf(Carrier.From))
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(_carrierPayload), Carrier.PayloadDigest)
            || !EchoLayout.TryRead(Carrier.Protocol, Carrier.Round, Carrier.To is null, _carrierPayload, out var echo, out var rounds)
            || echo.Length != BroadcastEcho.EntryLength * rounds.Length * parties.Length
            || EntryIndex < 0 || EntryIndex >= rounds.Length * parties.Length)
        {
            return false;
        }

        var slot = new SignedStatement(Carrier.RoutingId, Carrier.Binding, Carrier.Protocol, rounds[EntryIndex / parties.Length], parties[EntryIndex % parties.Length], null, Claim.PayloadDigest, Claim.Signature);
        var entry = echo.AsSpan(EntryIndex * BroadcastEcho.EntryLength, BroadcastEcho.EntryLength);
        return slot.SameSlot(Claim)
            && entry[..SignedStatement.DigestLength].SequenceEqual(Claim.PayloadDigest)
            && entry[SignedStatement.DigestLength..].SequenceEqual(Claim.Signature)
            && !Claim.Verify(pinnedKeyOf(Claim.From));
    }
}
