namespace Custody.Ethereum.Abi;

/// <summary>A decoded ERC-20 state-changing call (EIP-20): transfer, approve or transferFrom.</summary>
public abstract record Erc20Call
{
    private protected Erc20Call()
    {
    }

    /// <summary>The calldata of this call: selector followed by the ABI-encoded arguments.</summary>
    public abstract byte[] Encode();
}
