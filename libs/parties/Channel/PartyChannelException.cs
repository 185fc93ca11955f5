namespace Custody.Parties.Channel;

/// <summary>The party channel could not be set up: the coordinator is unreachable, or an end failed the handshake.</summary>
public sealed class PartyChannelException : Exception
{
    public PartyChannelException()
    {
    }

    public PartyChannelException(string message)
        : base(message)
    {
    }

    public PartyChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
