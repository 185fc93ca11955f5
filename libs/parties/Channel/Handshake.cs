using System.Security.Cryptography;
using Custody.Mpc.Protocol;

namespace Custody.Parties.Channel;

/// <summary>
/// Mutual authentication of a stream (docs/parties.md "Handshake"): the client names itself and sends a fresh
/// nonce; the coordinator answers with its id, its nonce and its Ed25519 signature over the transcript; the client
/// checks it against the coordinator's pinned key and answers with its own signature, which the coordinator checks
/// against the client's pinned key. The role tag keeps one side's signature from serving as the other's, and the
/// two fresh nonces keep a recorded handshake from being replayed.
/// </summary>
internal static class Handshake
{
    public const int NonceLength = 32;

    public static byte[] Nonce() => RandomNumberGenerator.GetBytes(NonceLength);

    public static byte[] Transcript(string role, PartyId client, PartyId coordinator, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> coordinatorNonce)
    {
        if (clientNonce.Length != NonceLength || coordinatorNonce.Length != NonceLength)
        {
            throw new FormatException("handshake nonces are 32 bytes");
        }

        return [.. "custody/parties/handshake/v1/"u8, .. System.Text.Encoding.ASCII.GetBytes(role), (byte)(client.Value >> 8), (byte)client.Value,
            (byte)(coordinator.Value >> 8), (byte)coordinator.Value, .. clientNonce, .. coordinatorNonce];
    }
}
