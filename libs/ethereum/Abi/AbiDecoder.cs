using System.Text;

namespace Custody.Ethereum.Abi;

/// <summary>
/// Strict decoder for an ABI-encoded tuple of known types. Only the canonical encoding that
/// <see cref="AbiEncoder"/> produces is accepted: exact total length, address words with 12 zero
/// bytes, bools 0 or 1, dynamic offsets pointing exactly at the next tail, zero padding after
/// dynamic data, and valid UTF-8 in strings. Anything else raises <see cref="AbiFormatException"/>.
/// </summary>
public sealed class AbiDecoder
{
    private const int Word = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly object[] _values;
    private readonly AbiType[] _types;

    private AbiDecoder(AbiType[] types, object[] values)
    {
        _types = types;
        _values = values;
    }

    public int Count => _values.Length;

    /// <summary>Decodes <paramref name="data"/> (without selector) as a tuple of <paramref name="types"/>.</summary>
    public static AbiDecoder Decode(ReadOnlySpan<byte> data, params AbiType[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var values = new object[types.Length];
        var headLength = (long)types.Length * Word;
        if (data.Length < headLength)
        {
            throw new AbiFormatException($"ABI data is {data.Length} bytes; the head alone needs {headLength}.");
        }

        var expectedTail = headLength;
        for (var i = 0; i < types.Length; i++)
        {
            var word = data.Slice(i * Word, Word);
            switch (types[i])
            {
                case AbiType.Address:
                    if (word[..12].ContainsAnyExcept((byte)0))
                    {
                        throw new AbiFormatException($"Argument {i}: an address word must start with 12 zero bytes.");
                    }

                    values[i] = Address.Create(word[12..]);
                    break;
                case AbiType.UInt256:
                    values[i] = UInt256.Create(word);
                    break;
                case AbiType.Bool:
                    if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                    {
                        throw new AbiFormatException($"Argument {i}: a bool word must be 0 or 1.");
                    }

                    values[i] = word[31] == 1;
                    break;
                case AbiType.Bytes:
                case AbiType.String:
                    var content = ReadTail(data, word, i, ref expectedTail);
                    values[i] = types[i] == AbiType.Bytes ? content : DecodeUtf8(content, i);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(types), types[i], "Unsupported ABI type.");
            }
        }

        if (expectedTail != data.Length)
        {
            throw new AbiFormatException($"ABI data is {data.Length} bytes; the arguments take exactly {expectedTail}.");
        }

        return new AbiDecoder((AbiType[])types.Clone(), values);
    }

    public Address GetAddress(int index) => Get<Address>(index, AbiType.Address);

    public UInt256 GetUInt256(int index) => Get<UInt256>(index, AbiType.UInt256);

    public bool GetBool(int index) => Get<bool>(index, AbiType.Bool);

    public byte[] GetBytes(int index) => (byte[])Get<byte[]>(index, AbiType.Bytes).Clone();

    public string GetString(int index) => Get<string>(index, AbiType.String);

    private T Get<T>(int index, AbiType type)
    {
        if (_types[index] != type)
        {
            throw new InvalidOperationException($"Argument {index} is {_types[index]}, not {type}.");
        }

        return (T)_values[index];
    }

    private static byte[] ReadTail(ReadOnlySpan<byte> data, ReadOnlySpan<byte> offsetWord, int index, ref long expectedTail)
    {
        var offset = ReadSmall(offsetWord, index, "offset");
        if (offset != expectedTail)
        {
            throw new AbiFormatException($"Argument {index}: offset {offset} is not the canonical {expectedTail}.");
        }

        if (offset + Word > data.Length)
        {
            throw new AbiFormatException($"Argument {index}: the length word lies past the end of the data.");
        }

        var length = ReadSmall(data.Slice((int)offset, Word), index, "length");
        var start = offset + Word;
        var padded = (length + Word - 1) / Word * Word;
        if (start + padded > data.Length)
        {
            throw new AbiFormatException($"Argument {index}: {length} bytes of data run past the end.");
        }

        var padding = data.Slice((int)(start + length), (int)(padded - length));
        if (padding.ContainsAnyExcept((byte)0))
        {
            throw new AbiFormatException($"Argument {index}: padding after dynamic data must be zero.");
        }

        expectedTail = start + padded;
        return data.Slice((int)start, (int)length).ToArray();
    }

    private static long ReadSmall(ReadOnlySpan<byte> word, int index, string what)
    {
        // Offsets and lengths must fit comfortably in memory; anything larger cannot be in-bounds.
        if (word[..24].ContainsAnyExcept((byte)0))
        {
            throw new AbiFormatException($"Argument {index}: {what} is out of range.");
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
        if (value > int.MaxValue)
        {
            throw new AbiFormatException($"Argument {index}: {what} is out of range.");
        }

        return (long)value;
    }

    private static string DecodeUtf8(byte[] content, int index)
    {
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new AbiFormatException($"Argument {index}: string is not valid UTF-8.", e);
        }
    }
}
