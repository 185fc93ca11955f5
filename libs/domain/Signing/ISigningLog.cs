using Custody.Domain.Policies;
using Custody.Ethereum;

namespace Custody.Domain.Signing;

/// <summary>
/// A party's durable signing log (docs/signing.md "Signing log"), shared by the party's replicas and surviving
/// restarts. Each operation is atomic: two replicas racing on one nonce cannot both record different transactions.
/// </summary>
public interface ISigningLog
{
    /// <summary>
    /// Applies <see cref="SigningLogRule"/> to <paramref name="attempt"/> against the entry for its wallet, chain and
    /// nonce, and records it when the rule allows; returns null when the party may go on, else the refusal.
    /// </summary>
    Task<SigningRefusal?> RecordAsync(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Marks the entry as contributed to, before the party releases anything of its signature; false (and nothing
    /// changes) unless the entry holds <paramref name="signingHash"/>. From then on the rule refuses any other
    /// transaction for that nonce but a fee replacement of the same intent.
    /// </summary>
    Task<bool> MarkContributedAsync(string walletId, ulong chainId, ulong nonce, Bytes32 signingHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>The entry for the wallet, chain and nonce, or null.</summary>
    Task<SigningLogEntry?> GetAsync(string walletId, ulong chainId, ulong nonce, CancellationToken ct);
}
