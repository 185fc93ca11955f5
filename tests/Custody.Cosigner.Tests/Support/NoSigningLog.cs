using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;

namespace Custody.Cosigner.Tests.Support;

/// <summary>The signer side of a key ceremony never consults a signing log: any use of it fails the test.</summary>
internal sealed class NoSigningLog : ISigningLog
{
    public Task<SigningRefusal?> RecordAsync(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");

    public Task<bool> MarkContributedAsync(string walletId, ulong chainId, ulong nonce, Bytes32 signingHash, DateTimeOffset now, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");

    public Task<SigningLogEntry?> GetAsync(string walletId, ulong chainId, ulong nonce, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");
}
