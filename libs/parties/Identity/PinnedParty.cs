using Custody.Mpc.Protocol;

namespace Custody.Parties.Identity;

/// <summary>Another party's public identity as pinned in this party's configuration at the key ceremony.</summary>
public sealed record PinnedParty
{
    public PinnedParty(PartyId party, byte[] signingKey, byte[] encryptionKey)
    {
        if (!party.IsValid)
        {
            throw new ArgumentException("party id 0 is not a party", nameof(party));
        }

        if (signingKey is not { Length: PartyIdentityKey.PublicKeyLength } || encryptionKey is not { Length: 32 })
        {
            throw new ArgumentException($"party {party}: the signing (Ed25519) and encryption (X25519) public keys are 32 bytes each");
        }

        Party = party;
        SigningKey = signingKey.ToArray();
        EncryptionKey = encryptionKey.ToArray();
    }

    public PartyId Party { get; }

    public byte[] SigningKey { get; }

    public byte[] EncryptionKey { get; }
}
