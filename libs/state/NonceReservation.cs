namespace Custody.State;

/// <summary>
/// The nonce the signer reserved for one request on one wallet and chain (docs/state.md "walletNonces").
/// <see cref="IsNew"/> is false for a redelivery of the same request: the nonce it was given before.
/// </summary>
public sealed record NonceReservation(string WalletId, ulong ChainId, string RequestId, ulong Nonce, DateTimeOffset ReservedAt, bool IsNew);
