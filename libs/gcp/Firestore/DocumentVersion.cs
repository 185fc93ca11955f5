namespace Custody.Gcp.Firestore;

/// <summary>
/// A document's server-assigned update (or create) time, kept exactly as Firestore returned it
/// (seconds and nanoseconds) so that it can be sent back as an <c>update_time</c> precondition.
/// </summary>
public readonly record struct DocumentVersion(long Seconds, int Nanos)
{
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.FromUnixTimeSeconds(Seconds).AddTicks(Nanos / 100);

    internal static DocumentVersion From(Google.Protobuf.WellKnownTypes.Timestamp timestamp) => new(timestamp.Seconds, timestamp.Nanos);

    internal Google.Protobuf.WellKnownTypes.Timestamp ToTimestamp() => new() { Seconds = Seconds, Nanos = Nanos };

    public override string ToString() => $"{Seconds}.{Nanos:D9}";
}
