using Custody.Mpc.Curve;
using Custody.Mpc.Ot;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_multiplying_in_gf2_128
{
    private static Gf128 RandomElement(MpcRandom rng)
    {
        var bytes = new byte[16];
        rng.Fill(bytes);
        return Gf128.Read(bytes);
    }

    [Fact]
    public void the_hardware_and_portable_carryless_products_agree()
    {
        var rng = MpcRandom.Seeded(31);
        var buffer = new byte[16];
        for (var i = 0; i < 200; i++)
        {
            rng.Fill(buffer);
            var a = BitConverter.ToUInt64(buffer, 0);
            var b = BitConverter.ToUInt64(buffer, 8);
            Assert.Equal(Gf256Accumulator.CarrylessMultiplySoftware(a, b), Gf256Accumulator.CarrylessMultiply(a, b));
        }
        Assert.Equal((0UL, 1UL), Gf256Accumulator.CarrylessMultiplySoftware(1UL << 63, 2));
    }

    [Fact]
    public void x_to_the_128_reduces_to_the_field_polynomial_tail()
    {
        var x127 = new Gf128(0, 1UL << 63);
        var x = new Gf128(2, 0);
        Assert.Equal(new Gf128(0x87, 0), Gf128.Multiply(x127, x));
        Assert.Equal(new Gf128(0x87 << 1, 0), Gf128.Multiply(x127, new Gf128(4, 0)));
    }

    [Fact]
    public void multiplication_is_associative_commutative_and_distributive()
    {
        var rng = MpcRandom.Seeded(32);
        for (var i = 0; i < 50; i++)
        {
            var (a, b, c) = (RandomElement(rng), RandomElement(rng), RandomElement(rng));
            Assert.Equal(Gf128.Multiply(Gf128.Multiply(a, b), c), Gf128.Multiply(a, Gf128.Multiply(b, c)));
            Assert.Equal(Gf128.Multiply(a, b), Gf128.Multiply(b, a));
            Assert.Equal(Gf128.Multiply(a, b ^ c), Gf128.Multiply(a, b) ^ Gf128.Multiply(a, c));
            Assert.Equal(a, Gf128.Multiply(a, new Gf128(1, 0)));
        }
    }
}

public sealed class when_transposing_the_extension_matrix
{
    private static void AssertTransposed(byte[] matrix, int columns, int rows, byte[] transposed)
    {
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                Assert.Equal(BitMatrix.GetBit(matrix.AsSpan(c * rows / 8, rows / 8), r), BitMatrix.GetBit(transposed.AsSpan(r * columns / 8, columns / 8), c));
            }
        }
    }

    [Theory]
    [InlineData(128, 640)]
    [InlineData(16, 8)]
    [InlineData(32, 24)]
    public void the_portable_and_sse2_transposes_match_bit_by_bit_transposition(int columns, int rows)
    {
        var matrix = new byte[columns * rows / 8];
        MpcRandom.Seeded((ulong)(40 + columns + rows)).Fill(matrix);
        var portable = new byte[matrix.Length];
        BitMatrix.TransposePortable(matrix, columns, rows, portable);
        AssertTransposed(matrix, columns, rows, portable);
        var dispatched = new byte[matrix.Length];
        BitMatrix.Transpose(matrix, columns, rows, dispatched);
        Assert.Equal(portable, dispatched);
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Sse2.IsSupported, "no SSE2 on this processor");
        var sse2 = new byte[matrix.Length];
        BitMatrix.TransposeSse2(matrix, columns, rows, sse2);
        Assert.Equal(portable, sse2);
    }

    [Fact]
    public void a_column_count_that_is_not_a_multiple_of_16_uses_the_portable_path()
    {
        var matrix = new byte[24 * 16 / 8];
        MpcRandom.Seeded(44).Fill(matrix);
        var transposed = new byte[matrix.Length];
        BitMatrix.Transpose(matrix, 24, 16, transposed);
        AssertTransposed(matrix, 24, 16, transposed);
        Assert.Throws<ArgumentException>(() => BitMatrix.Transpose(matrix, 24, 8, transposed));
    }
}
