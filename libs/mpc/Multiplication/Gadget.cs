using System.Buffers.Binary;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// The public gadget vector g in Z_q^xi of DKLs19 (eprint 2019/523, Protocol 1 and Section 5,
/// "Encode"): g_j = 2^j for j &lt; 256 and, for the 2s = 160 remaining positions, public
/// pseudo-random scalars g_j = HashToScalar("Custody.Mpc.Rvole.Gadget.v1", u32 j). The receiver
/// encodes b as bits beta with &lt;g, beta&gt; = b, where the last 2s bits are uniform: this hides
/// b from a sender that learns a few bits of beta through selective failure.
/// </summary>
internal static class Gadget
{
    /// <summary>g_j for 256 &lt;= j &lt; xi (index j - 256).</summary>
    private static readonly Scalar[] RandomPart = CreateRandomPart();

    private static readonly ScalarMultiplier[] RandomPartMultipliers = Array.ConvertAll(RandomPart, g => new ScalarMultiplier(g));

    /// <summary>
    /// Writes the choice bits: beta (xi bits) followed by m' - xi uniform padding bits used only by
    /// the OT-extension check. Bits are indexed as in <see cref="BitMatrix.GetBit"/>.
    /// </summary>
    public static void Encode(Scalar b, MpcRandom rng, Span<byte> choiceBits)
    {
        // Uniform bits everywhere first; then overwrite the binary part.
        rng.Fill(choiceBits);
        var randomSum = Scalar.Zero;
        for (var j = OtParameters.ScalarBits; j < OtParameters.GadgetLength; j++)
        {
            randomSum += Scalar.Select(BitMatrix.GetBit(choiceBits, j), RandomPart[j - OtParameters.ScalarBits], Scalar.Zero);
        }
        // b' = b - <g_R, gamma> in binary; bit j of b' is bit (j mod 8) of big-endian byte 31 - j/8.
        Span<byte> binary = stackalloc byte[Scalar.ByteLength];
        (b - randomSum).WriteBytes(binary);
        for (var k = 0; k < Scalar.ByteLength; k++)
        {
            choiceBits[k] = binary[Scalar.ByteLength - 1 - k];
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(binary);
    }

    /// <summary>
    /// &lt;g, z[., 0]&gt; and &lt;g, z[., 1]&gt; for the first two columns of a row-major matrix z with
    /// <paramref name="stride"/> entries per row (Horner for the powers of two). The two sums are
    /// independent chains computed side by side, so the processor overlaps them.
    /// </summary>
    public static (Scalar First, Scalar Second) InnerProductPair(ReadOnlySpan<Scalar> z, int stride)
    {
        if (stride < 2 || (OtParameters.GadgetLength * stride) > z.Length)
        {
            throw new ArgumentException("The columns do not fit in z.", nameof(z));
        }
        Scalar first = Scalar.Zero, second = Scalar.Zero;
        for (var j = OtParameters.ScalarBits - 1; j >= 0; j--)
        {
            first = first.Double() + z[j * stride];
            second = second.Double() + z[(j * stride) + 1];
        }
        // The random part two entries at a time (2s = 160 is even): one Montgomery reduction per pair.
        for (var j = OtParameters.ScalarBits; j < OtParameters.GadgetLength; j += 2)
        {
            var g = RandomPartMultipliers[j - OtParameters.ScalarBits];
            var gNext = RandomPartMultipliers[j + 1 - OtParameters.ScalarBits];
            first += g.MultiplySum(z[j * stride], gNext, z[(j + 1) * stride]);
            second += g.MultiplySum(z[(j * stride) + 1], gNext, z[((j + 1) * stride) + 1]);
        }
        return (first, second);
    }

    private static Scalar[] CreateRandomPart()
    {
        var part = new Scalar[OtParameters.GadgetLength - OtParameters.ScalarBits];
        Span<byte> index = stackalloc byte[4];
        for (var j = 0; j < part.Length; j++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(index, (uint)(j + OtParameters.ScalarBits));
            part[j] = Scalar.HashToScalar("Custody.Mpc.Rvole.Gadget.v1"u8, index);
        }
        return part;
    }
}
