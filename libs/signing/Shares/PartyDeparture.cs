namespace Custody.Signing.Shares;

/// <summary>
/// What a party keeps of a wallet after it left it in a resharing (docs/signing.md "Share rotation after a
/// resharing"), sealed like its wallet record: no share, only the fact that it left, with the key and the epoch of the
/// party set it is not part of. While it is held the party refuses every use of the wallet, and it stores a share of the
/// wallet again only from a later resharing that adds it back (epoch above <see cref="Epoch"/>).
/// </summary>
/// <param name="KeyId">Hex of the wallet's key id.</param>
/// <param name="Epoch">The epoch of the new party set that confirmed the resharing this party left in.</param>
public sealed record PartyDeparture(string WalletId, string Party, string KeyId, uint Epoch);
