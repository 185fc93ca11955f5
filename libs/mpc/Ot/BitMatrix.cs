using System.Buffers.Binary;

namespace Custody.Mpc.Ot;

/// <summary>
/// Transposition between the column view of the OT-extension matrix (kappa columns of m' bits,
/// produced by the PRG) and the row view (m' rows of kappa bits, one per extended OT). Bit j of
/// a bit string is bit (j mod 8) of byte j / 8.
/// </summary>
internal static class BitMatrix
{
    /// <summary>
    /// Transposes <paramref name="columns"/> (columnCount columns of rowCount bits each, column-major)
    /// into <paramref name="rows"/> (rowCount rows of columnCount bits each). Both counts are multiples of 8.
    /// </summary>
    public static void Transpose(ReadOnlySpan<byte> columns, int columnCount, int rowCount, Span<byte> rows)
    {
        var columnBytes = rowCount / 8;
        var rowBytes = columnCount / 8;
        for (var columnBlock = 0; columnBlock < rowBytes; columnBlock++)
        {
            for (var rowBlock = 0; rowBlock < columnBytes; rowBlock++)
            {
                // Gather the 8x8 bit block: byte k = column (8*columnBlock + k), bits of rows 8*rowBlock..+7.
                ulong block = 0;
                for (var k = 0; k < 8; k++)
                {
                    block |= (ulong)columns[((columnBlock * 8) + k) * columnBytes + rowBlock] << (8 * k);
                }
                block = Transpose8x8(block);
                for (var k = 0; k < 8; k++)
                {
                    rows[((rowBlock * 8) + k) * rowBytes + columnBlock] = (byte)(block >> (8 * k));
                }
            }
        }
    }

    /// <summary>
    /// Transposes an 8x8 bit matrix held as 8 bytes (byte k = line k, bit i = entry (k, i)), by
    /// three rounds of delta swaps (Hacker's Delight, 7-3).
    /// </summary>
    internal static ulong Transpose8x8(ulong x)
    {
        var t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        x ^= t ^ (t << 28);
        return x;
    }

    /// <summary>Bit j of a bit string.</summary>
    public static int GetBit(ReadOnlySpan<byte> bits, int j) => (bits[j >> 3] >> (j & 7)) & 1;

    /// <summary>destination ^= source when bit is 1 (bit is 0 or 1), without a branch on the bit.</summary>
    public static void XorMaskedInto(Span<byte> destination, ReadOnlySpan<byte> source, int bit)
    {
        var mask = 0UL - (ulong)bit;
        var i = 0;
        for (; i + 8 <= destination.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..],
                BinaryPrimitives.ReadUInt64LittleEndian(destination[i..]) ^ (BinaryPrimitives.ReadUInt64LittleEndian(source[i..]) & mask));
        }
        for (; i < destination.Length; i++)
        {
            destination[i] ^= (byte)(source[i] & mask);
        }
    }

    /// <summary>destination ^= source.</summary>
    public static void XorInto(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        var i = 0;
        for (; i + 8 <= destination.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..],
                BinaryPrimitives.ReadUInt64LittleEndian(destination[i..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(source[i..]));
        }
        for (; i < destination.Length; i++)
        {
            destination[i] ^= source[i];
        }
    }
}
