namespace Custody.Mpc.Wire;

/// <summary>Bytes that do not parse as the expected message or key share. Never carries the bytes themselves.</summary>
public sealed class WireFormatException : FormatException
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
