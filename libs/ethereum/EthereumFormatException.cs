namespace Custody.Ethereum;

/// <summary>
/// The one error type the library raises for malformed external input (hex, RLP, ABI, addresses,
/// quantities, raw transactions). Messages describe the defect, never echo secret material.
/// </summary>
public class EthereumFormatException : FormatException
{
    public EthereumFormatException()
    {
    }

    public EthereumFormatException(string message)
        : base(message)
    {
    }

    public EthereumFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
