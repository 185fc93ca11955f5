namespace Custody.Mpc.Protocol;

/// <summary>
/// The statement (header, payload digest, signature) of every message a party accepted in one run, by (round,
/// sender, kind). With an at-least-once transport a message of an earlier round can arrive again later: an
/// identical one is ignored; one bound to another session (a stale message of an earlier run under the same label)
/// is ignored; a different one for the same slot is equivocation (docs/mpc.md "Shape of the code").
/// </summary>
internal sealed class ReceivedMessages
{
    private readonly Dictionary<(byte Round, PartyId From, bool Broadcast), SignedStatement> _statements = [];
    private readonly Lock _gate = new();

    public void Record(MpcEnvelope envelope)
    {
        var statement = envelope.Statement();
        lock (_gate)
        {
            _statements[(envelope.Round, envelope.From, envelope.IsBroadcast)] = statement;
        }
    }

    /// <summary>The statement recorded for the envelope's slot, or null when none was.</summary>
    public SignedStatement? Recorded(MpcEnvelope envelope)
    {
        lock (_gate)
        {
            return _statements.GetValueOrDefault((envelope.Round, envelope.From, envelope.IsBroadcast));
        }
    }
}
