namespace Custody.Mpc.Protocol;

/// <summary>
/// The first of the three kinds of error: the messages could not be exchanged (unreachable peer, timeout, a
/// misrouted envelope for another session). Nobody is blamed; the session may be retried with a NEW session id,
/// unless it already ended in an <see cref="MpcAbortException"/>.
/// </summary>
public sealed class MpcTransportException : Exception
{
    public MpcTransportException()
    {
    }

    public MpcTransportException(string message)
        : base(message)
    {
    }

    public MpcTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
