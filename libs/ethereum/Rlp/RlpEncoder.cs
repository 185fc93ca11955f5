using System.Buffers.Binary;

namespace Custody.Ethereum.Rlp;

/// <summary>Recursive Length Prefix encoding (Yellow Paper, Appendix B). Output is always canonical.</summary>
public static class RlpEncoder
{
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var output = new byte[EncodedLength(item)];
        var written = Write(item, output);
        return written == output.Length ? output : throw new InvalidOperationException("RLP length mismatch.");
    }

    /// <summary>Length of the encoding of <paramref name="item"/>.</summary>
    public static int EncodedLength(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.IsList)
        {
            var bytes = item.Bytes;
            return bytes.Length == 1 && bytes[0] < 0x80 ? 1 : PrefixLength(bytes.Length) + bytes.Length;
        }

        var payload = PayloadLength(item);
        return PrefixLength(payload) + payload;
    }

    private static int PayloadLength(RlpItem list)
    {
        var total = 0;
        foreach (var child in list.Items)
        {
            total = checked(total + EncodedLength(child));
        }

        return total;
    }

    private static int Write(RlpItem item, Span<byte> destination)
    {
        if (!item.IsList)
        {
            var bytes = item.Bytes;

            // R_b: a single byte below 0x80 is its own encoding.
            if (bytes.Length == 1 && bytes[0] < 0x80)
            {
                destination[0] = bytes[0];
                return 1;
            }

            var prefix = WritePrefix(0x80, bytes.Length, destination);
            bytes.CopyTo(destination[prefix..]);
            return prefix + bytes.Length;
        }

        var offset = WritePrefix(0xc0, PayloadLength(item), destination);
        foreach (var child in item.Items)
        {
            offset += Write(child, destination[offset..]);
        }

        return offset;
    }

    private static int PrefixLength(int length) => length < 56 ? 1 : 1 + BigEndianLength(length);

    // Short form: offset + length for length < 56; long form: offset + 55 + len(BE(length)), then BE(length).
    private static int WritePrefix(byte offset, int length, Span<byte> destination)
    {
        if (length < 56)
        {
            destination[0] = (byte)(offset + length);
            return 1;
        }

        var lengthOfLength = BigEndianLength(length);
        destination[0] = (byte)(offset + 55 + lengthOfLength);
        Span<byte> buffer = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        buffer[(sizeof(int) - lengthOfLength)..].CopyTo(destination[1..]);
        return 1 + lengthOfLength;
    }

    private static int BigEndianLength(int value) => value switch
    {
        < 0x100 => 1,
        < 0x10000 => 2,
        < 0x1000000 => 3,
        _ => 4,
    };
}
