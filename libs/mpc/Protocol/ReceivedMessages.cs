using System.Security.Cryptography;

namespace Custody.Mpc.Protocol;

/// <summary>
/// The SHA-256 digest of every message a party accepted in one run, by (round, sender, kind). With an
/// at-least-once transport a message of an earlier round can arrive again later: an identical one is ignored, a
/// different one is equivocation (docs/mpc.md "Shape of the code").
/// </summary>
internal sealed class ReceivedMessages
{
    private readonly Dictionary<(byte Round, PartyId From, bool Broadcast), byte[]> _digests = [];
    private readonly Lock _gate = new();

    public void Record(MpcEnvelope envelope)
    {
        var digest = SHA256.HashData(envelope.Payload);
        lock (_gate)
        {
            _digests[(envelope.Round, envelope.From, envelope.IsBroadcast)] = digest;
        }
    }

    /// <summary>Whether the envelope repeats a message recorded earlier; null when none was recorded for its slot.</summary>
    public bool? IsRepeat(MpcEnvelope envelope)
    {
        byte[]? digest;
        lock (_gate)
        {
            _digests.TryGetValue((envelope.Round, envelope.From, envelope.IsBroadcast), out digest);
        }

        return digest is null ? null : CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(envelope.Payload));
    }
}
