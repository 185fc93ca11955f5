namespace Custody.Ethereum.Transactions;

/// <summary>A raw transaction or transaction field that is malformed or not acceptable.</summary>
public sealed class TransactionFormatException : EthereumFormatException
{
    public TransactionFormatException()
    {
    }

    public TransactionFormatException(string message)
        : base(message)
    {
    }

    public TransactionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
