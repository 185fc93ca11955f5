using Custody.Mpc.Protocol;
using Custody.Parties.Crypto;

namespace Custody.Parties.Identity;

/// <summary>
/// This party's long-term identity: its id, its Ed25519 key (signs handshakes and, through the MPC rounds, every
/// protocol message) and its X25519 key (opens what other parties seal to it). The caller unseals the seeds like a
/// key share and owns this object; <see cref="Dispose"/> wipes both secrets.
/// </summary>
public sealed class PartyKeys : IDisposable
{
    public PartyKeys(PartyId party, PartyIdentityKey signing, PartyEncryptionKey encryption)
    {
        if (!party.IsValid)
        {
            throw new ArgumentException("party id 0 is not a party", nameof(party));
        }

        Party = party;
        Signing = signing ?? throw new ArgumentNullException(nameof(signing));
        Encryption = encryption ?? throw new ArgumentNullException(nameof(encryption));
    }

    public PartyId Party { get; }

    public PartyIdentityKey Signing { get; }

    public PartyEncryptionKey Encryption { get; }

    /// <summary>Fresh keys (the key ceremony's first step for a new party).</summary>
    public static PartyKeys Generate(PartyId party) => new(party, PartyIdentityKey.Generate(), PartyEncryptionKey.Generate());

    /// <summary>What the other parties pin for this party.</summary>
    public PinnedParty Pinned() => new(Party, Signing.PublicKey, Encryption.PublicKey);

    public void Dispose()
    {
        Signing.Dispose();
        Encryption.Dispose();
    }

    public override string ToString() => $"PartyKeys({Party}, ***)";
}
