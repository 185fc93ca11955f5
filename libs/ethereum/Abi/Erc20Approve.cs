namespace Custody.Ethereum.Abi;

/// <summary>EIP-20 <c>approve(address _spender, uint256 _value)</c>.</summary>
public sealed record Erc20Approve(Address Spender, UInt256 Amount) : Erc20Call
{
    public static readonly FunctionSelector Selector = FunctionSelector.FromSignature("approve(address,uint256)");

    public override byte[] Encode() => new AbiEncoder().Address(Spender).UInt256(Amount).ToCalldata(Selector);
}
