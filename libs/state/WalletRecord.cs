namespace Custody.State;

/// <summary>
/// A registered wallet, <c>wallets/{walletId}</c> (docs/state.md, "wallets"): its address (EIP-55) and the
/// chain ids it may send on. The signer adds its key id, threshold, parties and nonce fields to the same
/// document; intake reads only these.
/// </summary>
public sealed record WalletRecord(string WalletId, string Address, IReadOnlyList<ulong> ChainIds);
