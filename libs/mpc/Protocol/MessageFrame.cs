namespace Custody.Mpc.Protocol;

/// <summary>Boundary check shared by every fixed-size protocol message: exact length and version byte first.</summary>
internal static class MessageFrame
{
    /// <summary>Throws <see cref="MpcAbortException"/> naming <paramref name="sender"/> unless the message has the exact length and version.</summary>
    public static void Require(ReadOnlySpan<byte> message, int expectedLength, byte version, PartyId sender, string description)
    {
        if (message.Length != expectedLength || message[0] != version)
        {
            throw new MpcAbortException(sender, "malformed " + description);
        }
    }
}
