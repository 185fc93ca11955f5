using System.Text.Json.Serialization;

namespace Custody.Signing.Shares;

/// <summary>
/// A party's own record of a wallet it holds a share of, written at the key ceremony next to its share and sealed
/// like it (docs/signing.md "Share stores"): the party trusts this, never the <c>wallets/{walletId}</c> document in
/// Firestore, when it decides which key, address, party set and chains a request may use.
/// </summary>
/// <param name="KeyId">Hex of the DKG key id (the same at every party).</param>
/// <param name="PublicKey">Hex of the compressed joint public key.</param>
/// <param name="Address">EIP-55 address of the public key.</param>
/// <param name="Parties">Party name to MPC party id, for every holder of a share.</param>
public sealed record PartyWalletRecord(
    string WalletId,
    string Party,
    string KeyId,
    string PublicKey,
    string Address,
    int Threshold,
    IReadOnlyDictionary<string, int> Parties,
    IReadOnlyList<ulong> ChainIds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PartyWalletRecord))]
[JsonSerializable(typeof(PartyDeparture))]
internal sealed partial class PartyWalletRecordJson : JsonSerializerContext;
