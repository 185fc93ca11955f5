using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Contracts.Api;

namespace Custody.Cli.Commands.Services;

/// <summary>The read models, indented for people.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(TransactionStatus))]
internal sealed partial class IndentedApiJson : JsonSerializerContext;
