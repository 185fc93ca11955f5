using Custody.Mpc.Curve;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Ot;

/// <summary>
/// The base-OT receiver's proof that (u, v) encrypts a bit under h (Zhou et al., eprint
/// 2022/1525, Section 3, the receiver's proof that makes its choice extractable): knowledge of r
/// and b in {0, 1} with u = r*h and v - b*h = r*G. An OR (Cramer-Damgard-Schoenmakers 1994) of
/// two Chaum-Pedersen equality-of-discrete-log proofs, Fiat-Shamir over the caller's transcript.
/// Encoding: e0 || e1 || s0 || s1 (4 x 32 bytes).
/// </summary>
internal static class BitEncryptionProof
{
    public const int EncodedLength = 4 * Scalar.ByteLength;

    public static void Prove(Transcript transcript, Point h, Point u, Point v, Scalar r, bool bit, MpcRandom rng, Span<byte> destination)
    {
        var real = bit ? 1 : 0;
        var simulated = 1 - real;
        var e = new Scalar[2];
        var s = new Scalar[2];
        var a1 = new Point[2];
        var a2 = new Point[2];

        // Simulated branch: pick the challenge and response, solve for the commitments.
        e[simulated] = Scalar.Random(rng);
        s[simulated] = Scalar.Random(rng);
        (a1[simulated], a2[simulated]) = Commitments(h, u, v, simulated, e[simulated], s[simulated]);

        // Real branch: an honest Chaum-Pedersen commitment.
        var k = Scalar.RandomNonZero(rng);
        a1[real] = h * k;
        a2[real] = Point.MulBase(k);

        var challenge = Challenge(transcript, h, u, v, a1, a2);
        e[real] = challenge - e[simulated];
        s[real] = k + (e[real] * r);

        e[0].WriteBytes(destination);
        e[1].WriteBytes(destination[32..]);
        s[0].WriteBytes(destination[64..]);
        s[1].WriteBytes(destination[96..]);
    }

    /// <summary>True when the encoding is well formed and e0 + e1 equals the transcript challenge.</summary>
    public static bool Verify(Transcript transcript, Point h, Point u, Point v, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != EncodedLength)
        {
            return false;
        }
        var e = new Scalar[2];
        var s = new Scalar[2];
        if (!Scalar.TryCreate(proof[..32], out e[0]) || !Scalar.TryCreate(proof[32..64], out e[1])
            || !Scalar.TryCreate(proof[64..96], out s[0]) || !Scalar.TryCreate(proof[96..], out s[1]))
        {
            return false;
        }
        var a1 = new Point[2];
        var a2 = new Point[2];
        for (var branch = 0; branch < 2; branch++)
        {
            (a1[branch], a2[branch]) = Commitments(h, u, v, branch, e[branch], s[branch]);
        }
        return Challenge(transcript, h, u, v, a1, a2) == e[0] + e[1];
    }

    /// <summary>For branch b: A1 = s*h - e*u and A2 = s*G - e*(v - b*h).</summary>
    private static (Point A1, Point A2) Commitments(Point h, Point u, Point v, int branch, Scalar e, Scalar s)
    {
        var statementBase = branch == 0 ? v : v - h;
        return (Point.SumOfProducts(h, s, u, -e), Point.SumOfProducts(Point.Generator, s, statementBase, -e));
    }

    private static Scalar Challenge(Transcript transcript, Point h, Point u, Point v, Point[] a1, Point[] a2)
    {
        var t = transcript.Fork();
        t.AppendPoint("h", h);
        t.AppendPoint("u", u);
        t.AppendPoint("v", v);
        for (var branch = 0; branch < 2; branch++)
        {
            t.AppendPoint("a1", a1[branch]);
            t.AppendPoint("a2", a2[branch]);
        }
        return t.ChallengeScalar("bit-proof-challenge");
    }
}
