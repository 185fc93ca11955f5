using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Reshare;

/// <summary>
/// One participant's result of a resharing: its share of the key in the new set (<see cref="Share"/>), or none for a
/// dealer that leaves (<see cref="Leaves"/>), with the public key, epoch, party set and threshold every participant
/// confirmed in the last round. The caller disposes <see cref="Share"/> (after storing it).
/// </summary>
public sealed class ReshareOutcome(KeyShare? share, Point publicKey, uint epoch, IReadOnlyList<PartyId> parties, int threshold)
{
    /// <summary>This party's new share; null when it leaves the key.</summary>
    public KeyShare? Share { get; } = share;

    public bool Leaves => Share is null;

    public Point PublicKey { get; } = publicKey;

    public uint Epoch { get; } = epoch;

    public IReadOnlyList<PartyId> Parties { get; } = parties;

    public int Threshold { get; } = threshold;

    public override string ToString() => Leaves ? $"ReshareOutcome(leaves; {Threshold}-of-{Parties.Count}, epoch {Epoch})" : $"ReshareOutcome({Share})";
}
