using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

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
    /// Uses SSE2 when available and columnCount is a multiple of 16.
    /// </summary>
    public static void Transpose(ReadOnlySpan<byte> columns, int columnCount, int rowCount, Span<byte> rows)
    {
        ValidateShape(columns.Length, columnCount, rowCount, rows.Length);
        if (Sse2.IsSupported && columnCount % 16 == 0)
        {
            TransposeSse2(columns, columnCount, rowCount, rows);
        }
        else
        {
            TransposePortable(columns, columnCount, rowCount, rows);
        }
    }

    private static void ValidateShape(int columnsLength, int columnCount, int rowCount, int rowsLength)
    {
        if (columnCount <= 0 || rowCount <= 0 || columnCount % 8 != 0 || rowCount % 8 != 0
            || columnsLength != columnCount * rowCount / 8 || rowsLength != columnsLength)
        {
            throw new ArgumentException("The matrix shape does not match the buffers.");
        }
    }

    /// <summary>
    /// SSE2 transpose: for 16 columns and one byte of rows (8 rows), gather the 16 bytes into a vector;
    /// shifting each 16-bit lane left by s brings bit 7 - s of every byte to its top bit, and
    /// MOVMSKB collects those 16 top bits: 16 bits (two bytes) of row 8 * rowByte + 7 - s.
    /// </summary>
    internal static void TransposeSse2(ReadOnlySpan<byte> columns, int columnCount, int rowCount, Span<byte> rows)
    {
        ValidateShape(columns.Length, columnCount, rowCount, rows.Length);
        if (!Sse2.IsSupported || columnCount % 16 != 0)
        {
            throw new PlatformNotSupportedException("SSE2 transpose needs SSE2 and a multiple of 16 columns.");
        }
        var columnBytes = rowCount / 8;
        var rowBytes = columnCount / 8;
        Span<byte> gathered = stackalloc byte[16];
        for (var columnGroup = 0; columnGroup < columnCount / 16; columnGroup++)
        {
            var groupColumns = columns.Slice(columnGroup * 16 * columnBytes, 16 * columnBytes);
            for (var rowByte = 0; rowByte < columnBytes; rowByte++)
            {
                for (var k = 0; k < 16; k++)
                {
                    gathered[k] = groupColumns[(k * columnBytes) + rowByte];
                }
                var block = Vector128.Create((ReadOnlySpan<byte>)gathered).AsUInt16();
                var firstRow = rowByte * 8;
                for (var shift = 0; shift < 8; shift++)
                {
                    var bits = (ushort)Sse2.MoveMask(block.AsByte());
                    BinaryPrimitives.WriteUInt16LittleEndian(rows.Slice(((firstRow + 7 - shift) * rowBytes) + (columnGroup * 2), 2), bits);
                    block = Sse2.ShiftLeftLogical(block, 1);
                }
            }
        }
        CryptographicOperations.ZeroMemory(gathered);
    }

    /// <summary>Portable transpose by 8x8 bit blocks (also the reference the tests compare with).</summary>
    internal static void TransposePortable(ReadOnlySpan<byte> columns, int columnCount, int rowCount, Span<byte> rows)
    {
        ValidateShape(columns.Length, columnCount, rowCount, rows.Length);
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
        var vectorMask = Vector128.Create(mask).AsByte();
        var i = 0;
        for (; i + 16 <= destination.Length; i += 16)
        {
            (Vector128.Create(destination[i..]) ^ (Vector128.Create(source[i..]) & vectorMask)).CopyTo(destination[i..]);
        }
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
        for (; i + 16 <= destination.Length; i += 16)
        {
            (Vector128.Create(destination[i..]) ^ Vector128.Create(source[i..])).CopyTo(destination[i..]);
        }
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
