using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Contracts.Api;

namespace Custody.Contracts.Approvals;

/// <summary>
/// Source-generated JSON of the services' HTTP APIs: the approvals API (policy service and `custody approve`) and the
/// request read model (intake and `custody requests`), as strict as the events'.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ApprovalReview))]
[JsonSerializable(typeof(VoteSubmission))]
[JsonSerializable(typeof(VoteOutcome))]
[JsonSerializable(typeof(IReadOnlyList<PendingApproval>))]
[JsonSerializable(typeof(TransactionStatus))]
public sealed partial class ApprovalsJsonContext : JsonSerializerContext;
