using Custody.Mpc.Curve;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Ot;

/// <summary>
/// Schnorr proof of knowledge of x with X = x*G, made non-interactive over a transcript the
/// caller has already bound to the session and parties. The base-OT sender proves knowledge of
/// its key z = s*G once per batch, so a corrupted sender's outputs are extractable (Zhou et al.,
/// eprint 2022/1525; <see cref="BaseOt"/>). Encoding: R (33) || s (32).
/// </summary>
internal static class DlogProof
{
    public const int EncodedLength = Point.EncodedLength + Scalar.ByteLength;

    public static void Prove(Transcript transcript, Scalar x, Point publicPoint, MpcRandom rng, Span<byte> destination)
    {
        var k = Scalar.RandomNonZero(rng);
        var commitment = Point.MulBase(k);
        var e = Challenge(transcript, publicPoint, commitment);
        commitment.WriteEncoded(destination);
        (k + (e * x)).WriteBytes(destination[Point.EncodedLength..]);
    }

    /// <summary>True when the encoding is well formed and s*G == R + e*X.</summary>
    public static bool Verify(Transcript transcript, Point publicPoint, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != EncodedLength
            || !Point.TryDecode(proof[..Point.EncodedLength], out var commitment)
            || !Scalar.TryCreate(proof[Point.EncodedLength..], out var s))
        {
            return false;
        }
        var e = Challenge(transcript, publicPoint, commitment);
        return Point.SumOfProducts(Point.Generator, s, publicPoint, -e) == commitment;
    }

    private static Scalar Challenge(Transcript transcript, Point publicPoint, Point commitment)
    {
        var t = transcript.Fork();
        t.AppendPoint("dlog-statement", publicPoint);
        t.AppendPoint("dlog-commitment", commitment);
        return t.ChallengeScalar("dlog-challenge");
    }
}
