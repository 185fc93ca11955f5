namespace Custody.Ethereum.Abi;

/// <summary>EIP-20 <c>transferFrom(address _from, address _to, uint256 _value)</c>.</summary>
public sealed record Erc20TransferFrom(Address From, Address To, UInt256 Amount) : Erc20Call
{
    public static readonly FunctionSelector Selector = FunctionSelector.FromSignature("transferFrom(address,address,uint256)");

    public override byte[] Encode() => new AbiEncoder().Address(From).Address(To).UInt256(Amount).ToCalldata(Selector);
}
