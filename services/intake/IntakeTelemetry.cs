using System.Diagnostics.Metrics;

namespace Custody.Intake;

/// <summary>Intake's meter (exported by libs/servicedefaults with every <c>Custody.*</c> meter).</summary>
internal static class IntakeTelemetry
{
    public const string Name = "Custody.Intake";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "custody.intake.requests", unit: "{request}", description: "Requests by outcome (accepted, rejected, duplicate, conflict, malformed) and path (http, pubsub).");

    public static void Count(string outcome, string path) =>
        Requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("path", path));
}
