using System.Text.Json.Serialization;

namespace Custody.Signing.Sessions;

/// <summary>
/// The signer's request to a party to take part in a wallet's key ceremony (docs/signing.md "Key ceremony"): a
/// t-of-n DKG between the named parties under a fresh 32-byte session id chosen by the signer.
/// </summary>
/// <param name="Parties">Party name to MPC party id (1..65535, distinct) for every party of the wallet.</param>
/// <param name="SessionId">Hex of the 32-byte DKG session id (fresh per ceremony).</param>
public sealed record KeygenInvitation(
    string WalletId,
    int Threshold,
    IReadOnlyDictionary<string, int> Parties,
    IReadOnlyList<ulong> ChainIds,
    string SessionId);

/// <summary>What a party reports after the ceremony: the public result, the same at every honest party.</summary>
public sealed record KeygenResult(string WalletId, string KeyId, string PublicKey, string Address);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8)]
[JsonSerializable(typeof(KeygenInvitation))]
[JsonSerializable(typeof(KeygenResult))]
public sealed partial class KeygenJsonContext : JsonSerializerContext;
