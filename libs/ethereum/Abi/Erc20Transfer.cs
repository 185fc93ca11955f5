namespace Custody.Ethereum.Abi;

/// <summary>EIP-20 <c>transfer(address _to, uint256 _value)</c>.</summary>
public sealed record Erc20Transfer(Address To, UInt256 Amount) : Erc20Call
{
    public static readonly FunctionSelector Selector = FunctionSelector.FromSignature("transfer(address,uint256)");

    public override byte[] Encode() => new AbiEncoder().Address(To).UInt256(Amount).ToCalldata(Selector);
}
