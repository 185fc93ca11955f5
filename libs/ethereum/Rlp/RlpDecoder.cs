namespace Custody.Ethereum.Rlp;

/// <summary>
/// Strict RLP decoding (Yellow Paper, Appendix B). Rejects everything that is not the unique canonical
/// encoding: a single byte below 0x80 wrapped as a string, long forms for lengths below 56, length
/// fields with leading zeros, lengths running past the input or past the enclosing list, and trailing
/// bytes. Nesting deeper than <see cref="MaxDepth"/> is rejected so hostile input cannot exhaust the stack.
/// </summary>
public static class RlpDecoder
{
    public const int MaxDepth = 32;

    /// <summary>Decodes exactly one item spanning all of <paramref name="input"/>.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> input)
    {
        var item = DecodeItem(input, 0, out var consumed);
        if (consumed != input.Length)
        {
            throw new RlpFormatException($"{input.Length - consumed} trailing bytes after the RLP item.");
        }

        return item;
    }

    private static RlpItem DecodeItem(ReadOnlySpan<byte> input, int depth, out int consumed)
    {
        if (input.IsEmpty)
        {
            throw new RlpFormatException("Unexpected end of RLP input.");
        }

        var prefix = input[0];
        if (prefix < 0x80)
        {
            consumed = 1;
            return RlpItem.String(input[..1]);
        }

        var isList = prefix >= 0xc0;
        var offset = isList ? 0xc0 : 0x80;
        int headerLength;
        int payloadLength;
        if (prefix - offset < 56)
        {
            headerLength = 1;
            payloadLength = prefix - offset;
        }
        else
        {
            var lengthOfLength = prefix - offset - 55;
            headerLength = 1 + lengthOfLength;
            payloadLength = ReadLongLength(input, lengthOfLength);
        }

        if (payloadLength > input.Length - headerLength)
        {
            throw new RlpFormatException("RLP length runs past the end of the input.");
        }

        var payload = input.Slice(headerLength, payloadLength);
        consumed = headerLength + payloadLength;
        if (!isList)
        {
            if (payloadLength == 1 && payload[0] < 0x80)
            {
                throw new RlpFormatException("A single byte below 0x80 must be encoded as itself.");
            }

            return RlpItem.String(payload);
        }

        if (depth >= MaxDepth)
        {
            throw new RlpFormatException($"RLP nesting exceeds {MaxDepth} levels.");
        }

        var items = new List<RlpItem>();
        while (!payload.IsEmpty)
        {
            items.Add(DecodeItem(payload, depth + 1, out var used));
            payload = payload[used..];
        }

        return RlpItem.List(items);
    }

    private static int ReadLongLength(ReadOnlySpan<byte> input, int lengthOfLength)
    {
        if (lengthOfLength > input.Length - 1)
        {
            throw new RlpFormatException("RLP length field runs past the end of the input.");
        }

        var lengthBytes = input.Slice(1, lengthOfLength);
        if (lengthBytes[0] == 0)
        {
            throw new RlpFormatException("RLP length field has a leading zero byte.");
        }

        if (lengthOfLength > 4)
        {
            throw new RlpFormatException("RLP length exceeds the input.");
        }

        long length = 0;
        foreach (var b in lengthBytes)
        {
            length = (length << 8) | b;
        }

        if (length < 56)
        {
            throw new RlpFormatException("RLP long form used for a length below 56.");
        }

        if (length > int.MaxValue)
        {
            throw new RlpFormatException("RLP length exceeds the input.");
        }

        return (int)length;
    }
}
