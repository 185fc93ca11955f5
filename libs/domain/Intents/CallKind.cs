namespace Custody.Domain.Intents;

/// <summary>What the transaction does, as decoded from its calldata; the value is the byte used in the intent hash.</summary>
public enum CallKind : byte
{
    /// <summary>Empty calldata: the native value goes to <c>to</c>.</summary>
    NativeTransfer = 0,

    /// <summary>ERC-20 <c>transfer(address,uint256)</c> on the token contract <c>to</c>.</summary>
    Erc20Transfer = 1,

    /// <summary>ERC-20 <c>transferFrom(address,address,uint256)</c>: the wallet spends an allowance.</summary>
    Erc20TransferFrom = 2,

    /// <summary>ERC-20 <c>approve(address,uint256)</c>: the wallet grants an allowance to a spender.</summary>
    Erc20Approve = 3,

    /// <summary>Any other calldata: a call to the contract <c>to</c> with the native value.</summary>
    ContractCall = 4,
}
