namespace Custody.Ethereum.Rlp;

/// <summary>Input that is not canonical RLP (Yellow Paper, Appendix B) or not the expected shape.</summary>
public sealed class RlpFormatException : EthereumFormatException
{
    public RlpFormatException()
    {
    }

    public RlpFormatException(string message)
        : base(message)
    {
    }

    public RlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
