using Custody.Mpc.Protocol;

namespace Custody.Parties.Identity;

/// <summary>
/// The parties this party knows, by id, with their pinned keys (its own entry included, checked against its keys).
/// A party outside the directory can neither connect nor send this party anything that opens.
/// </summary>
public sealed class PartyDirectory
{
    private readonly Dictionary<PartyId, PinnedParty> _parties;

    public PartyDirectory(PartyKeys self, IEnumerable<PinnedParty> others)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(others);
        Self = self;
        _parties = new Dictionary<PartyId, PinnedParty> { [self.Party] = self.Pinned() };
        foreach (var party in others)
        {
            if (party.Party == self.Party)
            {
                if (!party.SigningKey.AsSpan().SequenceEqual(self.Signing.PublicKey) || !party.EncryptionKey.AsSpan().SequenceEqual(self.Encryption.PublicKey))
                {
                    throw new ArgumentException($"the keys pinned for this party ({self.Party}) are not its own keys");
                }

                continue;
            }

            if (!_parties.TryAdd(party.Party, party))
            {
                throw new ArgumentException($"party {party.Party} is pinned twice");
            }
        }
    }

    public PartyKeys Self { get; }

    public IReadOnlyCollection<PartyId> Parties => _parties.Keys;

    public bool TryGet(PartyId party, out PinnedParty pinned) => _parties.TryGetValue(party, out pinned!);

    public PinnedParty this[PartyId party] =>
        _parties.TryGetValue(party, out var pinned) ? pinned : throw new KeyNotFoundException($"party {party} is not pinned in this party's directory");

    /// <summary>The MPC identities for a session among <paramref name="participants"/> (every one must be pinned).</summary>
    public PartyIdentities IdentitiesFor(IEnumerable<PartyId> participants) =>
        new(Self.Signing, participants.ToDictionary(p => p, p => this[p].SigningKey));
}
