using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Contracts.Json;

namespace Custody.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for every contract. Strict on input: camelCase names,
/// unknown members refused, required constructor parameters and nullable annotations enforced, timestamps
/// only with an explicit offset (<see cref="Rfc3339"/>), nesting at most 16 deep. Untrusted input is read
/// through <see cref="ContractReader"/>, which adds the size limit and messages in the contract's words.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16,
    Converters = [typeof(OffsetDateTimeConverter)])]
[JsonSerializable(typeof(TransactionRequested))]
[JsonSerializable(typeof(TransactionValidated))]
[JsonSerializable(typeof(TransactionRejected))]
[JsonSerializable(typeof(TransactionApproved))]
[JsonSerializable(typeof(TransactionExpired))]
[JsonSerializable(typeof(TransactionSigned))]
[JsonSerializable(typeof(TransactionBroadcast))]
[JsonSerializable(typeof(TransactionConfirmed))]
[JsonSerializable(typeof(TransactionFailed))]
[JsonSerializable(typeof(TransactionReplacementRequested))]
[JsonSerializable(typeof(ApprovalEvidence))]
[JsonSerializable(typeof(SignedApproval))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
