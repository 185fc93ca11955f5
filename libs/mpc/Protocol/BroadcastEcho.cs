using System.Security.Cryptography;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Echo of a round's broadcasts (docs/mpc.md "Shape of the code"): in the next round every party
/// sends, per participant in ascending order, the SHA-256 digest of the broadcast it received from that participant
/// (its own included). Comparing a counterpart's echo with this party's view catches a broadcast shown differently
/// to different parties before any pairwise check uses it, and attributes it as far as unsigned messages allow:
/// a counterpart whose echo misstates its own broadcast or this party's is the culprit; a difference about a third
/// party's broadcast names both as suspects (the third party equivocated or the echoing party misreports it).
/// </summary>
internal static class BroadcastEcho
{
    public const int DigestLength = 32;

    /// <summary>This party's echo: the digest of every participant's broadcast payload, in party order.</summary>
    public static byte[] Of(SessionContext context, Func<PartyId, byte[]> payloadOf)
    {
        var echo = new byte[DigestLength * context.Parties.Count];
        for (var i = 0; i < context.Parties.Count; i++)
        {
            SHA256.HashData(payloadOf(context.Parties[i]), echo.AsSpan(i * DigestLength, DigestLength));
        }

        return echo;
    }

    /// <summary>
    /// Compares every counterpart's echo with <paramref name="mine"/>; throws <see cref="MpcAbortException"/> on a
    /// difference, naming a single culprit whenever any difference proves one, else the suspects of the first.
    /// </summary>
    public static void CheckAll(SessionContext context, Func<PartyId, byte[]> echoOf, ReadOnlySpan<byte> mine, string what)
    {
        MpcAbortException? ambiguous = null;
        foreach (var from in context.Others)
        {
            var abort = Compare(context, from, echoOf(from), mine, what);
            if (abort is null)
            {
                continue;
            }

            if (abort.Culprit.IsValid)
            {
                throw abort;
            }

            ambiguous ??= abort;
        }

        if (ambiguous is not null)
        {
            throw ambiguous;
        }
    }

    private static MpcAbortException? Compare(SessionContext context, PartyId from, ReadOnlySpan<byte> echo, ReadOnlySpan<byte> mine, string what)
    {
        if (echo.Length != mine.Length)
        {
            return new MpcAbortException(from, $"{what}: echo of the wrong length");
        }

        MpcAbortException? ambiguous = null;
        for (var i = 0; i < context.Parties.Count; i++)
        {
            var slot = new Range(i * DigestLength, (i + 1) * DigestLength);
            if (CryptographicOperations.FixedTimeEquals(echo[slot], mine[slot]))
            {
                continue;
            }

            var sender = context.Parties[i];
            if (sender == from)
            {
                return new MpcAbortException(from, $"{what}: party {from} sent this party a broadcast other than the one it echoes (equivocation)");
            }

            if (sender == context.Self)
            {
                return new MpcAbortException(from, $"{what}: party {from} misreports this party's broadcast");
            }

            ambiguous ??= new MpcAbortException([sender, from], $"{what}: party {sender}'s broadcast differs between this party's view and party {from}'s ({sender} equivocated or {from} misreports it)");
        }

        return ambiguous;
    }
}
