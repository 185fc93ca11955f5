namespace Custody.Mpc.Protocol;

/// <summary>
/// A run's party identities: this party's Ed25519 identity key (it signs every message this party sends) and the
/// public identity key pinned for every participant (every received message must carry its sender's signature).
/// With identities a run attributes equivocation to the equivocator with proof (docs/mpc.md "Signed messages and
/// provable blame"); without them the transport alone authenticates senders. The caller owns and disposes the key.
/// </summary>
public sealed class PartyIdentities
{
    private readonly Dictionary<PartyId, byte[]> _pinned;

    public PartyIdentities(PartyIdentityKey own, IReadOnlyDictionary<PartyId, byte[]> pinned)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(pinned);
        Own = own;
        _pinned = [];
        foreach (var (party, key) in pinned)
        {
            if (key is null || key.Length != PartyIdentityKey.PublicKeyLength)
            {
                throw new ArgumentException($"the pinned identity key of party {party} is not a 32-byte Ed25519 public key", nameof(pinned));
            }

            _pinned[party] = key.ToArray();
        }
    }

    public PartyIdentityKey Own { get; }

    /// <summary>The pinned public key of <paramref name="party"/>; throws for a party without one.</summary>
    public byte[] PublicKeyOf(PartyId party) =>
        _pinned.TryGetValue(party, out var key) ? key : throw new ArgumentException($"no identity key is pinned for party {party}", nameof(party));

    /// <summary>Throws unless every participant has a pinned key and this party's pinned key is its own key's.</summary>
    internal void CheckCovers(PartyId self, IReadOnlyList<PartyId> parties)
    {
        foreach (var party in parties)
        {
            PublicKeyOf(party);
        }

        if (!PublicKeyOf(self).AsSpan().SequenceEqual(Own.PublicKey))
        {
            throw new ArgumentException($"the identity key pinned for this party ({self}) is not its own key");
        }
    }
}
