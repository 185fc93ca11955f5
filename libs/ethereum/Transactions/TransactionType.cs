namespace Custody.Ethereum.Transactions;

/// <summary>Transaction types; each value is the EIP-2718 type byte.</summary>
public enum TransactionType : byte
{
    /// <summary>Legacy RLP transaction, signed with EIP-155 replay protection.</summary>
    Legacy = 0x00,

    /// <summary>EIP-2930 access-list transaction.</summary>
    AccessList = 0x01,

    /// <summary>EIP-1559 dynamic-fee transaction.</summary>
    DynamicFee = 0x02,
}
