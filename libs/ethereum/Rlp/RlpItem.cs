namespace Custody.Ethereum.Rlp;

/// <summary>
/// An RLP item (Yellow Paper, Appendix B): either a byte string or a list of items. Accessors that
/// interpret a string as an integer or address enforce the canonical forms consensus requires.
/// </summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(byte[]? bytes, RlpItem[]? items)
    {
        _bytes = bytes;
        _items = items;
    }

    public static RlpItem EmptyString { get; } = new([], null);

    public bool IsList => _items is not null;

    /// <summary>The bytes of a string item.</summary>
    public ReadOnlySpan<byte> Bytes =>
        _bytes ?? throw new RlpFormatException("Expected an RLP string, found a list.");

    /// <summary>The elements of a list item.</summary>
    public IReadOnlyList<RlpItem> Items =>
        _items ?? throw new RlpFormatException("Expected an RLP list, found a string.");

    public static RlpItem String(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    /// <summary>An integer as RLP requires: big-endian with no leading zeros, zero as the empty string.</summary>
    public static RlpItem Integer(UInt256 value) => new(value.ToMinimalBigEndianBytes(), null);

    public static RlpItem Integer(ulong value) => Integer(UInt256.FromUInt64(value));

    public static RlpItem List(params RlpItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new RlpItem(null, (RlpItem[])items.Clone());
    }

    public static RlpItem List(IEnumerable<RlpItem> items) => new(null, items.ToArray());

    /// <summary>The list's elements, requiring exactly <paramref name="count"/> of them.</summary>
    public IReadOnlyList<RlpItem> ExpectList(int count, string what)
    {
        if (_items is null)
        {
            throw new RlpFormatException($"{what} must be an RLP list.");
        }

        if (_items.Length != count)
        {
            throw new RlpFormatException($"{what} must have {count} elements, not {_items.Length}.");
        }

        return _items;
    }

    /// <summary>A canonical unsigned integer: at most 32 bytes, no leading zero byte.</summary>
    public UInt256 AsUInt256(string what)
    {
        var bytes = StringBytes(what);
        if (bytes.Length > UInt256.ByteLength)
        {
            throw new RlpFormatException($"{what} exceeds 256 bits.");
        }

        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new RlpFormatException($"{what} has a leading zero byte (non-canonical integer).");
        }

        return UInt256.Create(bytes);
    }

    /// <summary>A canonical unsigned integer that must fit in 64 bits (nonces, gas: EIP-2681).</summary>
    public ulong AsUInt64(string what)
    {
        var value = AsUInt256(what);
        if (value.MinimalByteLength > sizeof(ulong))
        {
            throw new RlpFormatException($"{what} exceeds 64 bits.");
        }

        return value.ToUInt64();
    }

    /// <summary>A 20-byte address.</summary>
    public Address AsAddress(string what)
    {
        var bytes = StringBytes(what);
        if (bytes.Length != Address.ByteLength)
        {
            throw new RlpFormatException($"{what} must be 20 bytes.");
        }

        return Address.Create(bytes);
    }

    public ReadOnlySpan<byte> StringBytes(string what) =>
        _bytes ?? throw new RlpFormatException($"{what} must be an RLP string, not a list.");
}
