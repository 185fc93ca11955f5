namespace Custody.Ethereum.Abi;

/// <summary>
/// ERC-20 (EIP-20) calldata: strict decoding of transfer / approve / transferFrom, plus the read-only
/// calls and the Transfer event signature that wallets need.
/// </summary>
public static class Erc20
{
    public static readonly FunctionSelector BalanceOfSelector = FunctionSelector.FromSignature("balanceOf(address)");

    /// <summary>Topic 0 of <c>Transfer(address indexed _from, address indexed _to, uint256 _value)</c>.</summary>
    public static ReadOnlySpan<byte> TransferEventTopic => TransferTopic;

    private static readonly byte[] TransferTopic =
        Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes("Transfer(address,address,uint256)"));

    /// <summary>Calldata of <c>balanceOf(address)</c>.</summary>
    public static byte[] EncodeBalanceOf(Address owner) => new AbiEncoder().Address(owner).ToCalldata(BalanceOfSelector);

    /// <summary>
    /// Decodes transfer, approve or transferFrom calldata. The selector must be one of the three and
    /// the arguments must be canonically encoded with the exact length; otherwise throws
    /// <see cref="AbiFormatException"/>.
    /// </summary>
    public static Erc20Call Decode(ReadOnlySpan<byte> calldata)
    {
        if (!FunctionSelector.TryRead(calldata, out var selector))
        {
            throw new AbiFormatException("Calldata is shorter than a function selector.");
        }

        var arguments = calldata[FunctionSelector.ByteLength..];
        if (selector == Erc20Transfer.Selector)
        {
            var d = AbiDecoder.Decode(arguments, AbiType.Address, AbiType.UInt256);
            return new Erc20Transfer(d.GetAddress(0), d.GetUInt256(1));
        }

        if (selector == Erc20Approve.Selector)
        {
            var d = AbiDecoder.Decode(arguments, AbiType.Address, AbiType.UInt256);
            return new Erc20Approve(d.GetAddress(0), d.GetUInt256(1));
        }

        if (selector == Erc20TransferFrom.Selector)
        {
            var d = AbiDecoder.Decode(arguments, AbiType.Address, AbiType.Address, AbiType.UInt256);
            return new Erc20TransferFrom(d.GetAddress(0), d.GetAddress(1), d.GetUInt256(2));
        }

        throw new AbiFormatException($"Selector {selector} is not an ERC-20 transfer, approve or transferFrom.");
    }

    public static bool TryDecode(ReadOnlySpan<byte> calldata, out Erc20Call? call)
    {
        try
        {
            call = Decode(calldata);
            return true;
        }
        catch (AbiFormatException)
        {
            call = null;
            return false;
        }
    }
}
