namespace Custody.Mpc.Presigning;

/// <summary>
/// A store refused to finish a presignature: it is unknown, it is not the one the request describes (another wallet,
/// key, epoch or party set), or it was already consumed for another message (finishing it again would reveal the
/// key share). Nothing was consumed by the refused request. The message never contains secrets.
/// </summary>
public sealed class PresignatureRefusedException : Exception
{
    public PresignatureRefusedException(string message)
        : base(message)
    {
    }

    public PresignatureRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PresignatureRefusedException()
    {
    }
}
