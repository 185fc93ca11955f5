namespace Custody.Signing.Shares;

/// <summary>A share store cannot give or keep a share: missing, already present, altered or mismatched files.</summary>
public sealed class ShareStoreException : Exception
{
    public ShareStoreException()
    {
    }

    public ShareStoreException(string message)
        : base(message)
    {
    }

    public ShareStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
