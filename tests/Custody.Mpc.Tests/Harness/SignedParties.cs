using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Harness;

/// <summary>An identity key per party and, for each party, its <see cref="PartyIdentities"/> with every key pinned.</summary>
public sealed class SignedParties : IDisposable
{
    public SignedParties(IEnumerable<PartyId> parties)
    {
        Keys = parties.ToDictionary(p => p, _ => PartyIdentityKey.Generate());
        Pinned = Keys.ToDictionary(k => k.Key, k => k.Value.PublicKey);
    }

    public Dictionary<PartyId, PartyIdentityKey> Keys { get; }

    public Dictionary<PartyId, byte[]> Pinned { get; }

    public PartyIdentities Of(PartyId party) => new(Keys[party], Pinned);

    public void Dispose()
    {
        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }
    }
}
