using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Custody.Mpc.Protocol;

/// <summary>
/// The MPC layer's spans (docs/observability.md "MPC spans"): one <c>mpc {protocol}</c> span per run of a protocol by
/// one party, and one <c>mpc {protocol} round {n}</c> child per round, from preparing the round to finalising it, with
/// the payload bytes and messages it sent and received. Spans carry sizes and party ids only: never payloads, shares or nonces.
/// With no listener (a service without tracing) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null and nothing is recorded.
/// </summary>
public static class MpcTelemetry
{
    /// <summary>Name of the ActivitySource (covered by the services' <c>Custody.*</c> source subscription).</summary>
    public const string SourceName = "Custody.Mpc";

    public const string Protocol = "custody.mpc.protocol";
    public const string Party = "custody.mpc.party";
    public const string Parties = "custody.mpc.parties";
    public const string Round = "custody.mpc.round";
    public const string BytesSent = "custody.mpc.bytes_sent";
    public const string BytesReceived = "custody.mpc.bytes_received";
    public const string MessagesSent = "custody.mpc.messages_sent";
    public const string MessagesReceived = "custody.mpc.messages_received";
    public const string Suspects = "custody.mpc.suspects";

    internal static readonly ActivitySource Source = new(SourceName, typeof(MpcTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Name of the Meter (the same <c>Custody.*</c> subscription): <c>custody.mpc.session.duration</c> (one run of a
    /// protocol by one party, by outcome), <c>custody.mpc.round.duration</c> and <c>custody.mpc.round.bytes</c>
    /// (payload bytes of a round, by direction).
    /// </summary>
    public const string MeterName = "Custody.Mpc";

    private static readonly Meter Meter = new(MeterName, typeof(MpcTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Histogram<double> SessionDuration = Meter.CreateHistogram<double>("custody.mpc.session.duration", "ms", "One run of an MPC protocol by one party, from its first round to its output or abort.");
    private static readonly Histogram<double> RoundDuration = Meter.CreateHistogram<double>("custody.mpc.round.duration", "ms", "One round of an MPC protocol by one party, from preparing it to finalising it.");
    private static readonly Histogram<long> RoundBytes = Meter.CreateHistogram<long>("custody.mpc.round.bytes", "By", "Payload bytes one party sent or received in one round.");

    /// <summary>Records a finished run: outcome ok, aborted (a check failed, with blame) or failed (transport, cancellation, bug).</summary>
    internal static void RecordRun(MpcProtocol protocol, TimeSpan elapsed, string outcome) =>
        SessionDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>(Protocol, protocol.ToString()), new KeyValuePair<string, object?>("outcome", outcome));

    internal static Activity? StartRun(MpcProtocol protocol, PartyId party, int parties)
    {
        var activity = Source.StartActivity($"mpc {protocol}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Protocol, protocol.ToString());
            activity.SetTag(Party, (int)party.Value);
            activity.SetTag(Parties, parties);
        }

        return activity;
    }

    internal static Activity? StartRound(MpcProtocol protocol, byte round)
    {
        var activity = Source.StartActivity($"mpc {protocol} round {round}");
        activity?.SetTag(Round, (int)round);
        return activity;
    }

    /// <summary>What one round moved: set on its span when it ends, however it ends.</summary>
    internal sealed class RoundTraffic
    {
        public long BytesSent { get; private set; }

        public long BytesReceived { get; private set; }

        public int MessagesSent { get; private set; }

        public int MessagesReceived { get; private set; }

        public void Sent(MpcEnvelope envelope)
        {
            BytesSent += envelope.Payload.Length;
            MessagesSent++;
        }

        public void Received(MpcEnvelope envelope)
        {
            BytesReceived += envelope.Payload.Length;
            MessagesReceived++;
        }

        /// <summary>Records the round's duration and bytes as metrics.</summary>
        public void Record(MpcProtocol protocol, byte round, TimeSpan elapsed)
        {
            var protocolTag = new KeyValuePair<string, object?>(Protocol, protocol.ToString());
            var roundTag = new KeyValuePair<string, object?>(Round, (int)round);
            RoundDuration.Record(elapsed.TotalMilliseconds, protocolTag, roundTag);
            RoundBytes.Record(BytesSent, protocolTag, roundTag, new KeyValuePair<string, object?>("direction", "sent"));
            RoundBytes.Record(BytesReceived, protocolTag, roundTag, new KeyValuePair<string, object?>("direction", "received"));
        }

        public void WriteTo(Activity? activity)
        {
            if (activity is not { IsAllDataRequested: true })
            {
                return;
            }

            activity.SetTag(MpcTelemetry.BytesSent, BytesSent);
            activity.SetTag(MpcTelemetry.BytesReceived, BytesReceived);
            activity.SetTag(MpcTelemetry.MessagesSent, MessagesSent);
            activity.SetTag(MpcTelemetry.MessagesReceived, MessagesReceived);
        }
    }

    /// <summary>Marks a span failed with the abort's reason and the parties it blames (the abort texts carry no secrets).</summary>
    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", error.GetType().Name);
        if (error is MpcAbortException abort && activity.IsAllDataRequested)
        {
            activity.SetTag(Suspects, string.Join(",", abort.Suspects.Select(s => s.Value)));
        }
    }
}
