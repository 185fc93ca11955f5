using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Reshare;

/// <summary>
/// What a resharing does (docs/mpc.md "Resharing"): the key as it is (<see cref="OldKey"/>), the quorum of old parties
/// that deal (at least the old threshold of them), and the new party set and threshold. The session's participants are
/// the quorum and the new parties together; every participant must be given the same plan (round 0 compares it).
/// </summary>
public sealed class ResharePlan
{
    public ResharePlan(KeyPublicView oldKey, IEnumerable<PartyId> quorum, IEnumerable<PartyId> newParties, int newThreshold)
    {
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(quorum);
        ArgumentNullException.ThrowIfNull(newParties);
        OldKey = oldKey;
        Quorum = SortedDistinct(quorum, nameof(quorum));
        NewParties = SortedDistinct(newParties, nameof(newParties));
        if (Quorum.Any(p => !oldKey.Parties.Contains(p)))
        {
            throw new ArgumentException("every dealer of the quorum must hold a share of the key", nameof(quorum));
        }

        if (Quorum.Count < oldKey.Threshold)
        {
            throw new ArgumentException($"the quorum needs at least the key's threshold of {oldKey.Threshold} old parties", nameof(quorum));
        }

        if (NewParties.Count is < 2 or > KeyShare.MaxParties || NewParties.Any(p => !p.IsValid))
        {
            throw new ArgumentException("the new party set has 2..64 parties, none with id 0", nameof(newParties));
        }

        if (newThreshold < 2 || newThreshold > NewParties.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(newThreshold), "need 2 <= new t <= new n");
        }

        NewThreshold = newThreshold;
        Participants = Quorum.Union(NewParties).Order().ToArray();
    }

    public KeyPublicView OldKey { get; }

    /// <summary>The old parties that deal their Lagrange-weighted shares, ascending.</summary>
    public IReadOnlyList<PartyId> Quorum { get; }

    /// <summary>The parties that hold the key afterwards, ascending.</summary>
    public IReadOnlyList<PartyId> NewParties { get; }

    public int NewThreshold { get; }

    /// <summary>The quorum and the new parties, ascending: the session's participants.</summary>
    public IReadOnlyList<PartyId> Participants { get; }

    /// <summary>Old parties that are not in the new set: after the new set confirms and stores, they delete their shares.</summary>
    public IEnumerable<PartyId> Leaving => OldKey.Parties.Except(NewParties);

    internal void WriteTo(WireWriter writer)
    {
        OldKey.WriteTo(writer);
        WireCodec.WritePartySet(writer, Quorum);
        WireCodec.WritePartySet(writer, NewParties);
        writer.WriteUInt16((ushort)NewThreshold);
    }

    private static PartyId[] SortedDistinct(IEnumerable<PartyId> parties, string name)
    {
        var sorted = parties.Order().ToArray();
        return sorted.Distinct().Count() == sorted.Length ? sorted : throw new ArgumentException("party ids must be distinct", name);
    }
}
