using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// Shared definitions of the two-party multiplication (DKLs19, eprint 2019/523, Protocol 1, in
/// the "forced reuse" form DKLs23 uses for F_RVOLE, eprint 2023/765 Functionality 3.5): message
/// layouts, the transcript and the per-row pads.
/// <para>
/// Request (receiver to sender): <c>0x01 || u (128 columns x 80 bytes) || x~ (16) || t~ (16)</c>.
/// Response (sender to receiver): <c>0x01 || tau (xi rows x 4 scalars x 32) || check u (2 x 32) || r digest (32)</c>.
/// </para>
/// </summary>
internal static class RvoleProtocol
{
    public const byte MessageVersion = 1;

    /// <summary>Sender inputs per multiplication (DKLs23: r_j and sk_j).</summary>
    public const int Width = 2;

    /// <summary>Correlated-OT width: the inputs a and the check values a~ ("forced reuse" width 2L).</summary>
    public const int OtWidth = 2 * Width;

    public const int RequestLength = 1 + KosExtension.MatrixBytes + KosExtension.CheckBytes;

    public const int TauLength = OtParameters.GadgetLength * OtWidth * Scalar.ByteLength;

    public const int ResponseLength = 1 + TauLength + (Width * Scalar.ByteLength) + 32;

    /// <summary>Pad bytes per row: OtWidth scalars of 32 bytes (8 AES blocks).</summary>
    private const int PadBytesPerRow = OtWidth * Scalar.ByteLength;

    /// <summary>Scalars per multiplication: OtWidth per gadget row.</summary>
    public const int PadCount = OtParameters.GadgetLength * OtWidth;

    /// <summary>Bytes of the encoded check values r_{j,i} (Width per gadget row).</summary>
    public const int CheckValuesLength = OtParameters.GadgetLength * Width * Scalar.ByteLength;

    /// <summary>Transcript bound to the setup, both parties (in their roles) and the session id.</summary>
    public static Transcript StartTranscript(byte[] setupId, PartyId sender, PartyId receiver, ReadOnlySpan<byte> sessionId)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("The session id must not be empty.", nameof(sessionId));
        }
        var t = new Transcript("Custody.Mpc.Multiplication.Rvole.v1");
        t.Append("setup-id", setupId);
        t.AppendUInt64("multiplication-sender", sender.Value);
        t.AppendUInt64("multiplication-receiver", receiver.Value);
        t.Append("session-id", sessionId);
        return t;
    }

    /// <summary>The per-session AES key of <see cref="SessionHash"/> (public, unique per session).</summary>
    public static SessionHash CreateSessionHash(Transcript transcript)
    {
        Span<byte> key = stackalloc byte[SessionHash.BlockBytes];
        transcript.Fork().ChallengeBytes("session-hash-key", key);
        return new SessionHash(key);
    }

    /// <summary>Absorbs u and returns the KOS challenge seed.</summary>
    public static byte[] KosChallengeSeed(Transcript transcript, ReadOnlySpan<byte> matrixU)
    {
        transcript.Append("kos-matrix-u", matrixU);
        return transcript.ChallengeBytes("kos-challenge-seed", SessionHash.BlockBytes);
    }

    /// <summary>Absorbs the KOS check values and tau; returns (chi_1, chi_2, chi^_1, chi^_2).</summary>
    public static Scalar[] MultiplicationChallenges(Transcript transcript, ReadOnlySpan<byte> kosCheck, ReadOnlySpan<byte> tau)
    {
        transcript.Append("kos-check", kosCheck);
        transcript.Append("tau", tau);
        var chi = new Scalar[OtWidth];
        for (var k = 0; k < OtWidth; k++)
        {
            chi[k] = transcript.ChallengeScalar("multiplication-challenge");
        }
        return chi;
    }

    /// <summary>The challenges in Montgomery form (one Montgomery multiplication per product).</summary>
    public static ScalarMultiplier[] Multipliers(ReadOnlySpan<Scalar> chi)
    {
        var multipliers = new ScalarMultiplier[chi.Length];
        for (var k = 0; k < chi.Length; k++)
        {
            multipliers[k] = new ScalarMultiplier(chi[k]);
        }
        return multipliers;
    }

    /// <summary>
    /// Random-OT pads H(j, row_j) for the first xi rows as OtWidth scalars each (row-major j*OtWidth + k),
    /// written to <paramref name="pads"/> (xi * OtWidth scalars).
    /// Each scalar is 32 hash bytes reduced mod q: within 2^-127 of uniform (q &gt; 2^256 - 2^129).
    /// </summary>
    public static void Pads(SessionHash hash, ReadOnlySpan<byte> rows, Span<Scalar> pads)
    {
        if (pads.Length != PadCount)
        {
            throw new ArgumentException("Wrong number of pads.", nameof(pads));
        }
        using var buffer = PooledSecret<byte>.Rent(OtParameters.GadgetLength * PadBytesPerRow);
        var bytes = buffer.Span;
        hash.Expand(rows[..(OtParameters.GadgetLength * OtParameters.KappaBytes)], SessionHash.Domain.RowPad, 0,
            PadBytesPerRow / SessionHash.BlockBytes, bytes);
        for (var i = 0; i < pads.Length; i++)
        {
            pads[i] = Scalar.FromBytesReduced(bytes.Slice(i * Scalar.ByteLength, Scalar.ByteLength));
        }
    }

    /// <summary>
    /// Digest of the check values r_{j,i} = chi_i z_{j,i} + chi^_i z_{j,L+i}, given as their 32-byte
    /// encodings in order (the receiver computes the same values as beta_j u_i - (chi_i z_{j,i} + chi^_i z_{j,L+i})).
    /// </summary>
    public static byte[] CheckDigest(Transcript transcript, ReadOnlySpan<byte> checkValues)
    {
        var t = transcript.Fork();
        t.Append("check-r", checkValues);
        return t.ChallengeBytes("check-r-digest", 32);
    }

    /// <summary>
    /// Shares c[i] = &lt;g, z[., i]&gt; over the correlated-OT outputs z (row-major, OtWidth per row),
    /// negated when <paramref name="negate"/> is set (the sender holds -H(j, q_j) as z_A).
    /// </summary>
    public static Scalar[] Shares(ReadOnlySpan<Scalar> z, bool negate)
    {
        // Width = 2 (DKLs23 multiplies by (r_j, sk_j)): one pair of columns.
        var (first, second) = Gadget.InnerProductPair(z, OtWidth);
        return negate ? [-first, -second] : [first, second];
    }
}
