namespace Custody.Ethereum.Transactions;

/// <summary>One EIP-2930 access-list element: [address, [storageKey, ...]].</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<Bytes32> StorageKeys);
