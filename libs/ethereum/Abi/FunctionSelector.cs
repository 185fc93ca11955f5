using System.Buffers.Binary;

namespace Custody.Ethereum.Abi;

/// <summary>
/// The first four bytes of Keccak-256 of a canonical function signature such as
/// "transfer(address,uint256)" (Solidity ABI specification, "Function Selector").
/// </summary>
public readonly struct FunctionSelector : IEquatable<FunctionSelector>
{
    public const int ByteLength = 4;

    private readonly uint _value;

    private FunctionSelector(uint value) => _value = value;

    public static FunctionSelector FromSignature(string signature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        if (signature.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException("A canonical signature has no spaces.", nameof(signature));
        }

        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature));
        return new FunctionSelector(BinaryPrimitives.ReadUInt32BigEndian(hash));
    }

    /// <summary>Reads the selector from the first four bytes of calldata.</summary>
    public static bool TryRead(ReadOnlySpan<byte> calldata, out FunctionSelector selector)
    {
        if (calldata.Length < ByteLength)
        {
            selector = default;
            return false;
        }

        selector = new FunctionSelector(BinaryPrimitives.ReadUInt32BigEndian(calldata));
        return true;
    }

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, _value);

    public byte[] ToArray()
    {
        var bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>0x-prefixed, 8 lower-case hex digits.</summary>
    public override string ToString() => "0x" + _value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    public bool Equals(FunctionSelector other) => _value == other._value;

    public override bool Equals(object? obj) => obj is FunctionSelector other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    public static bool operator ==(FunctionSelector left, FunctionSelector right) => left.Equals(right);

    public static bool operator !=(FunctionSelector left, FunctionSelector right) => !left.Equals(right);
}
