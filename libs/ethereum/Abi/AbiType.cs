namespace Custody.Ethereum.Abi;

/// <summary>The Solidity ABI types this library encodes and decodes (Solidity ABI specification, "Types").</summary>
public enum AbiType
{
    /// <summary>address: a 20-byte value left-padded with zeros to one word.</summary>
    Address,

    /// <summary>uint256: one big-endian word.</summary>
    UInt256,

    /// <summary>bool: one word holding 0 or 1.</summary>
    Bool,

    /// <summary>bytes: dynamic; an offset in the head, length word and zero-padded data in the tail.</summary>
    Bytes,

    /// <summary>string: dynamic, encoded like bytes holding UTF-8.</summary>
    String,
}
