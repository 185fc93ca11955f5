using System.Text.Json;
using System.Text.Json.Serialization;

namespace Custody.Contracts.Admin;

/// <summary>
/// <c>POST /v1/wallets</c> on the signer's admin API (docs/signing.md "Key ceremony"): run the DKG of a new wallet
/// between the named parties (the signer among them), each of which must be connected.
/// </summary>
/// <param name="Parties">Party names as in the roster, e.g. signer, cosigner-a, cosigner-b.</param>
public sealed record KeygenRequest(string WalletId, int Threshold, IReadOnlyList<string> Parties, IReadOnlyList<ulong> ChainIds);

/// <summary>The new wallet, the same at every party, registered in <c>wallets/{walletId}</c>.</summary>
public sealed record KeygenResponse(string WalletId, string Address, string PublicKey, string KeyId, int Threshold, IReadOnlyList<string> Parties, IReadOnlyList<ulong> ChainIds);

/// <summary><c>GET /v1/parties</c>: the roster and which co-signers are connected now.</summary>
public sealed record PartiesStatus(string Self, IReadOnlyList<string> Roster, IReadOnlyList<string> Connected);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(KeygenRequest))]
[JsonSerializable(typeof(KeygenResponse))]
[JsonSerializable(typeof(PartiesStatus))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
