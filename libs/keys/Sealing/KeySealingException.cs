namespace Custody.Keys.Sealing;

/// <summary>
/// Sealing or unsealing failed; <see cref="Error"/> says why. Messages name the wallet/party/key reference
/// at most, never key material or PINs.
/// </summary>
public sealed class KeySealingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeySealingException(KeySealingError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Creates an exception of kind <see cref="KeySealingError.MalformedBlob"/> (for serializers).</summary>
    public KeySealingException()
        : this(KeySealingError.MalformedBlob, "The sealed blob is malformed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="KeySealingError.MalformedBlob"/>.</summary>
    public KeySealingException(string message)
        : this(KeySealingError.MalformedBlob, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="KeySealingError.MalformedBlob"/>.</summary>
    public KeySealingException(string message, Exception innerException)
        : this(KeySealingError.MalformedBlob, message, innerException)
    {
    }

    /// <summary>The kind of failure.</summary>
    public KeySealingError Error { get; }
}
