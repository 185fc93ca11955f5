namespace Custody.Ethereum.Abi;

/// <summary>
/// Decodes EVM revert data: Solidity's <c>Error(string)</c> (selector 0x08c379a0) and
/// <c>Panic(uint256)</c> (selector 0x4e487b71), per the Solidity documentation "Error handling".
/// </summary>
public static class RevertReason
{
    public static readonly FunctionSelector ErrorSelector = FunctionSelector.FromSignature("Error(string)");

    public static readonly FunctionSelector PanicSelector = FunctionSelector.FromSignature("Panic(uint256)");

    /// <summary>
    /// Returns the reason string of Error(string) data, "Panic(0x..)" for Panic data, or null when the
    /// data is empty, a custom error, or not canonically encoded.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> revertData)
    {
        if (!FunctionSelector.TryRead(revertData, out var selector))
        {
            return null;
        }

        try
        {
            if (selector == ErrorSelector)
            {
                return AbiDecoder.Decode(revertData[FunctionSelector.ByteLength..], AbiType.String).GetString(0);
            }

            if (selector == PanicSelector)
            {
                var code = AbiDecoder.Decode(revertData[FunctionSelector.ByteLength..], AbiType.UInt256).GetUInt256(0);
                return $"Panic({code.ToHexQuantity()})";
            }
        }
        catch (AbiFormatException)
        {
            return null;
        }

        return null;
    }
}
