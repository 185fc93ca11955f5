using System.Text.Json.Serialization;

namespace Custody.Cli;

/// <summary>What <c>custody bench pubsub</c> prints.</summary>
internal sealed record PubSubBenchResult(
    int Messages,
    int TargetRatePerSecond,
    int PayloadBytes,
    double PublishedPerSecond,
    double HandledPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double PublishSeconds,
    double HandleSeconds,
    int Processors);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PubSubBenchResult))]
internal sealed partial class BenchJson : JsonSerializerContext;
