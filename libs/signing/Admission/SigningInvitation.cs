using System.Text.Json.Serialization;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Signing.Admission;

/// <summary>
/// What the signer sends a co-signer to ask it to join one signing session (docs/signing.md "Signing sessions"),
/// after the co-signer returned its <see cref="AttestationBinding"/> challenge. Nothing in it is trusted: the
/// co-signer re-derives the intent from the request inside <see cref="ApprovedEvent"/>, builds the transaction from
/// <see cref="Transaction"/> and hashes it itself, and verifies the token against its own challenge.
/// </summary>
/// <param name="SessionLabel">Hex of the MPC session label (16-64 bytes), the same for every signer of the session.</param>
/// <param name="Signers">MPC party ids of the signing set, this co-signer among them.</param>
/// <param name="ApprovedEvent">The <c>transaction-approved</c> event body as JSON (read with the contract's strict reader).</param>
/// <param name="AttestationToken">The signer's Confidential Space token whose eat_nonce binds this session.</param>
public sealed record SigningInvitation(
    string SessionLabel,
    string WalletId,
    IReadOnlyList<int> Signers,
    string ApprovedEvent,
    UnsignedTransaction Transaction,
    string AttestationToken);

/// <summary>The EIP-1559 transaction to sign, field by field: amounts as decimal strings, bytes as 0x hex; no access list.</summary>
public sealed record UnsignedTransaction(
    ulong ChainId,
    ulong Nonce,
    string MaxPriorityFeePerGas,
    string MaxFeePerGas,
    ulong GasLimit,
    string To,
    string Value,
    string Data)
{
    /// <summary>The fields of <paramref name="transaction"/> as an invitation carries them.</summary>
    public static UnsignedTransaction Of(DynamicFeeTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new(
            transaction.ChainId, transaction.Nonce, transaction.MaxPriorityFeePerGas.ToString(), transaction.MaxFeePerGas.ToString(),
            transaction.GasLimit, transaction.To?.ToString() ?? "", transaction.Value.ToString(), Hex.Encode(transaction.Data.Span));
    }
}

/// <summary>A co-signer's answer to an invitation: it joins, or it refuses with every reason (code and message).</summary>
public sealed record AdmissionAnswer(bool Admitted, IReadOnlyList<AdmissionRefusal> Refusals);

/// <summary>One reason a party refuses to sign: a stable <see cref="Code"/> (docs/signing.md "Refusal codes") and a message.</summary>
public sealed record AdmissionRefusal(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8)]
[JsonSerializable(typeof(SigningInvitation))]
[JsonSerializable(typeof(AdmissionAnswer))]
public sealed partial class SigningJsonContext : JsonSerializerContext;
