namespace Custody.Ethereum.Abi;

/// <summary>ABI-encoded data that does not match the expected types exactly (strict decoding).</summary>
public sealed class AbiFormatException : EthereumFormatException
{
    public AbiFormatException()
    {
    }

    public AbiFormatException(string message)
        : base(message)
    {
    }

    public AbiFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
