using System.Text.Json;
using System.Text.Json.Serialization;

namespace Custody.Contracts.Api;

/// <summary>Source-generated JSON metadata of the services' HTTP read models (same strict options as the events).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TransactionStatus))]
[JsonSerializable(typeof(IReadOnlyList<TransactionStatus>))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
