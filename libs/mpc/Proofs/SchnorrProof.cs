using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Proofs;

/// <summary>
/// Non-interactive Schnorr proof of knowledge of x with X = x*G (F_ZK^{R_DL} of DKLs23 Section 2, made
/// non-interactive by Fiat-Shamir). Proof (A, z): A = k*G for uniform k, e = H(transcript), z = k + e*x;
/// verify z*G == A + e*X. The challenge comes from the Fiat-Shamir <see cref="Transcript"/>. The challenge binds the session id, the prover's id, a purpose label, X and A, so a
/// proof cannot be replayed into another session, by another party, or for another statement.
/// </summary>
public readonly struct SchnorrProof
{
    public const int EncodedLength = Point.EncodedLength + Scalar.ByteLength;

    private const string TranscriptLabel = "custody/mpc/schnorr-dlog/v1";

    private SchnorrProof(Point commitment, Scalar response)
    {
        Commitment = commitment;
        Response = response;
    }

    public Point Commitment { get; }

    public Scalar Response { get; }

    public static SchnorrProof Prove(SessionContext context, string label, Scalar secret, Point statement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var k = Scalar.RandomNonZero(context.Random);
        var a = Point.MulBase(k);
        var e = Challenge(context.SessionId, context.Self, label, statement, a);
        return new SchnorrProof(a, k + (e * secret));
    }

    public bool Verify(ReadOnlySpan<byte> sessionId, PartyId prover, string label, Point statement)
    {
        var e = Challenge(sessionId, prover, label, statement, Commitment);
        return Point.MulBase(Response) == Commitment + (statement * e);
    }

    public void WriteTo(WireWriter writer)
    {
        WireCodec.WritePoint(writer, Commitment);
        WireCodec.WriteScalar(writer, Response);
    }

    public static SchnorrProof ReadFrom(WireReader reader) => new(WireCodec.ReadPoint(reader), WireCodec.ReadScalar(reader));

    private static Scalar Challenge(ReadOnlySpan<byte> sessionId, PartyId prover, string label, Point statement, Point commitment)
    {
        var transcript = new Transcript(TranscriptLabel);
        transcript.Append("session", sessionId);
        transcript.AppendUInt64("prover", prover.Value);
        transcript.Append("purpose", System.Text.Encoding.UTF8.GetBytes(label));
        transcript.AppendPoint("statement", statement);
        transcript.AppendPoint("commitment", commitment);
        return transcript.ChallengeScalar("challenge");
    }
}
