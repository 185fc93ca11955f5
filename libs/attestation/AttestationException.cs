namespace Custody.Attestation;

/// <summary>Obtaining or serving an attestation token failed.</summary>
public sealed class AttestationException : Exception
{
    public AttestationException()
    {
    }

    public AttestationException(string message)
        : base(message)
    {
    }

    public AttestationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
