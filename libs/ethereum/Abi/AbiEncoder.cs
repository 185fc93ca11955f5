namespace Custody.Ethereum.Abi;

/// <summary>
/// Builds the ABI encoding of a tuple of arguments (Solidity ABI specification, "Formal Specification
/// of the Encoding"): a head of one word per argument, static values inline and dynamic values as an
/// offset, followed by the tails of the dynamic values in order.
/// </summary>
public sealed class AbiEncoder
{
    private const int Word = 32;

    private readonly List<(AbiType Type, byte[] Head, byte[]? Tail)> _arguments = [];

    public AbiEncoder Address(Address value)
    {
        var word = new byte[Word];
        value.Span.CopyTo(word.AsSpan(Word - Ethereum.Address.ByteLength));
        _arguments.Add((AbiType.Address, word, null));
        return this;
    }

    public AbiEncoder UInt256(UInt256 value)
    {
        _arguments.Add((AbiType.UInt256, value.ToBigEndianBytes(), null));
        return this;
    }

    public AbiEncoder Bool(bool value)
    {
        var word = new byte[Word];
        word[Word - 1] = value ? (byte)1 : (byte)0;
        _arguments.Add((AbiType.Bool, word, null));
        return this;
    }

    public AbiEncoder Bytes(ReadOnlySpan<byte> value)
    {
        _arguments.Add((AbiType.Bytes, new byte[Word], EncodeTail(value)));
        return this;
    }

    public AbiEncoder String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _arguments.Add((AbiType.String, new byte[Word], EncodeTail(System.Text.Encoding.UTF8.GetBytes(value))));
        return this;
    }

    /// <summary>The encoded arguments without a selector.</summary>
    public byte[] ToArray() => Encode(default, withSelector: false);

    /// <summary>Calldata: the 4-byte function selector followed by the encoded arguments.</summary>
    public byte[] ToCalldata(FunctionSelector selector) => Encode(selector, withSelector: true);

    private byte[] Encode(FunctionSelector selector, bool withSelector)
    {
        var headLength = _arguments.Count * Word;
        var total = headLength + _arguments.Sum(a => a.Tail?.Length ?? 0);
        var prefix = withSelector ? FunctionSelector.ByteLength : 0;
        var output = new byte[prefix + total];
        if (withSelector)
        {
            selector.WriteTo(output);
        }

        var body = output.AsSpan(prefix);
        var tailOffset = headLength;
        for (var i = 0; i < _arguments.Count; i++)
        {
            var (_, head, tail) = _arguments[i];
            var headSlot = body.Slice(i * Word, Word);
            if (tail is null)
            {
                head.CopyTo(headSlot);
                continue;
            }

            // Dynamic argument: the head holds the byte offset of its tail from the start of the tuple.
            Ethereum.UInt256.FromUInt64((ulong)tailOffset).WriteBigEndian(headSlot);
            tail.CopyTo(body[tailOffset..]);
            tailOffset += tail.Length;
        }

        return output;
    }

    // enc(bytes) = enc(len(bytes)) followed by the bytes right-padded with zeros to a multiple of 32.
    private static byte[] EncodeTail(ReadOnlySpan<byte> value)
    {
        var padded = (value.Length + Word - 1) / Word * Word;
        var tail = new byte[Word + padded];
        Ethereum.UInt256.FromUInt64((ulong)value.Length).WriteBigEndian(tail);
        value.CopyTo(tail.AsSpan(Word));
        return tail;
    }
}
