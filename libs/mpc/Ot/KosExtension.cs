namespace Custody.Mpc.Ot;

/// <summary>
/// Correlated OT extension of Keller, Orsini, Scholl, "Actively Secure OT Extension with Optimal
/// Overhead" (eprint 2015/546, Fig. 10, corrected version), with kappa = 128 base OTs, m' =
/// <see cref="OtParameters.ExtendedLength"/> extended OTs, and the correlation check made
/// non-interactive by Fiat-Shamir (the challenge seed comes from the transcript after the
/// receiver's matrix u). Base-OT seeds are expanded per session by <see cref="SessionHash"/>
/// (its key depends on the session id), so no two sessions share PRG output.
/// <para>
/// Receiver (choice bits x): t0_i = G(k0_i), t1_i = G(k1_i), u_i = t0_i ^ t1_i ^ x for each column
/// i; rows t_j of [t0]. Check values: x~ = sum_j chi_j x_j, t~ = sum_j chi_j t_j in GF(2^128).
/// Sender (Delta, k_{Delta_i}): q_i = G(k_{Delta_i}) ^ Delta_i u_i, so the rows satisfy
/// q_j = t_j ^ x_j Delta; it accepts only if sum_j chi_j q_j == t~ ^ x~ Delta (Fig. 10, "Check
/// correlation"). A receiver that used inconsistent choice bits across columns fails the check
/// except with probability about 2^-kappa per guessed bit of Delta.
/// </para>
/// </summary>
internal static class KosExtension
{
    public const int MatrixBytes = OtParameters.Kappa * OtParameters.ColumnBytes;
    public const int RowsBytes = OtParameters.ExtendedLength * OtParameters.KappaBytes;
    public const int CheckBytes = 2 * OtParameters.KappaBytes;
    private const int BlocksPerColumn = OtParameters.ColumnBytes / SessionHash.BlockBytes;
    private const int ChallengeBytes = OtParameters.ExtendedLength * SessionHash.BlockBytes;

    /// <summary>
    /// Receiver side: writes the matrix u (column-major) and the rows t_j into <paramref name="rows"/>.
    /// </summary>
    public static void Receive(SessionHash hash, ReadOnlySpan<byte> seeds0, ReadOnlySpan<byte> seeds1,
        ReadOnlySpan<byte> choiceBits, Span<byte> rows, Span<byte> matrixU)
    {
        using var t0Buffer = PooledSecret<byte>.Rent(MatrixBytes);
        using var t1Buffer = PooledSecret<byte>.Rent(MatrixBytes);
        var t0 = t0Buffer.Span;
        var t1 = t1Buffer.Span;
        hash.Expand(seeds0, SessionHash.Domain.ColumnPrg, 0, BlocksPerColumn, t0);
        hash.Expand(seeds1, SessionHash.Domain.ColumnPrg, 0, BlocksPerColumn, t1);
        // u_i = t0_i ^ t1_i ^ x, column by column (t1 becomes u in place, then is copied out).
        BitMatrix.XorInto(t1, t0);
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            BitMatrix.XorInto(t1.Slice(i * OtParameters.ColumnBytes, OtParameters.ColumnBytes), choiceBits);
        }
        t1.CopyTo(matrixU);
        BitMatrix.Transpose(t0, OtParameters.Kappa, OtParameters.ExtendedLength, rows);
    }

    /// <summary>Receiver side: x~ || t~ for the challenge derived after u.</summary>
    public static void WriteCheck(SessionHash hash, ReadOnlySpan<byte> challengeSeed, ReadOnlySpan<byte> choiceBits, ReadOnlySpan<byte> rows, Span<byte> check)
    {
        Span<byte> chi = stackalloc byte[ChallengeBytes];
        Challenges(hash, challengeSeed, chi);
        var xTilde = default(Gf128);
        var tTilde = default(Gf256Accumulator);
        for (var j = 0; j < OtParameters.ExtendedLength; j++)
        {
            var chiJ = Gf128.Read(chi.Slice(j * 16, 16));
            // x~ += x_j chi_j without branching on the secret bit.
            var mask = 0UL - (ulong)BitMatrix.GetBit(choiceBits, j);
            xTilde ^= new Gf128(chiJ.Lo & mask, chiJ.Hi & mask);
            tTilde.AddProduct(chiJ, Gf128.Read(rows.Slice(j * 16, 16)));
        }
        xTilde.Write(check);
        tTilde.Reduce().Write(check[16..]);
    }

    /// <summary>
    /// Sender side: computes the rows q_j from u, then runs the correlation check. Returns false
    /// (and leaves <paramref name="rows"/> unspecified) when the check fails.
    /// </summary>
    public static bool Send(SessionHash hash, ReadOnlySpan<byte> delta, ReadOnlySpan<byte> seeds,
        ReadOnlySpan<byte> matrixU, ReadOnlySpan<byte> check, ReadOnlySpan<byte> challengeSeed, Span<byte> rows)
    {
        using (var qBuffer = PooledSecret<byte>.Rent(MatrixBytes))
        {
            var q = qBuffer.Span;
            hash.Expand(seeds, SessionHash.Domain.ColumnPrg, 0, BlocksPerColumn, q);
            for (var i = 0; i < OtParameters.Kappa; i++)
            {
                // q_i ^= Delta_i * u_i without branching on the secret bit.
                BitMatrix.XorMaskedInto(q.Slice(i * OtParameters.ColumnBytes, OtParameters.ColumnBytes),
                    matrixU.Slice(i * OtParameters.ColumnBytes, OtParameters.ColumnBytes), BitMatrix.GetBit(delta, i));
            }
            BitMatrix.Transpose(q, OtParameters.Kappa, OtParameters.ExtendedLength, rows);
        }

        Span<byte> chi = stackalloc byte[ChallengeBytes];
        Challenges(hash, challengeSeed, chi);
        var qTilde = default(Gf256Accumulator);
        for (var j = 0; j < OtParameters.ExtendedLength; j++)
        {
            qTilde.AddProduct(Gf128.Read(chi.Slice(j * 16, 16)), Gf128.Read(rows.Slice(j * 16, 16)));
        }
        var xTilde = Gf128.Read(check);
        var tTilde = Gf128.Read(check[16..]);
        var expected = tTilde ^ Gf128.Multiply(xTilde, Gf128.Read(delta));
        return qTilde.Reduce().FixedTimeEquals(expected);
    }

    /// <summary>chi_j for j &lt; m', expanded from the public transcript challenge seed.</summary>
    private static void Challenges(SessionHash hash, ReadOnlySpan<byte> challengeSeed, Span<byte> chi) =>
        hash.Expand(challengeSeed, SessionHash.Domain.Challenge, 0, OtParameters.ExtendedLength, chi);
}
