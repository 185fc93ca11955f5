using System.Text.Json;
using System.Text.Json.Serialization;

namespace Custody.Contracts.Approvals;

/// <summary>Source-generated JSON of the approvals API (policy service and `custody approve`), as strict as the events'.</summary>
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
public sealed partial class ApprovalsJsonContext : JsonSerializerContext;
