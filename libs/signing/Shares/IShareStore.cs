using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// Where one party keeps, sealed by its own key provider (libs/keys), its share of each wallet and its own record of
/// that wallet (docs/signing.md "Share stores"). Plaintext exists only in memory, only while a protocol runs.
/// </summary>
public interface IShareStore
{
    /// <summary>Seals and stores a new wallet's share and record; refuses a wallet this party already holds.</summary>
    Task CreateAsync(KeyShare share, PartyWalletRecord record, CancellationToken cancellationToken);

    /// <summary>This party's record of <paramref name="walletId"/>, or null when it holds no share of it.</summary>
    Task<PartyWalletRecord?> FindWalletAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>Unseals and validates the share of <paramref name="walletId"/>; the caller disposes it.</summary>
    Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>Seals and replaces the share after a session changed its pair state (an abort discarded a pair).</summary>
    Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken);
}
