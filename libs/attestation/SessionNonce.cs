using System.Security.Cryptography;
using System.Text;

namespace Custody.Attestation;

/// <summary>
/// The eat_nonce that binds an attestation token to one signing session:
/// lower-case hex of SHA-256("custody/attestation-session/v1" || 0x00 || UTF-8(sessionId)), 64 characters
/// (inside the launcher's 8-88 byte nonce limit). Both the signer (requesting) and a co-signer (verifying)
/// compute it from the session id they agreed on.
/// </summary>
public static class SessionNonce
{
    public const string Domain = "custody/attestation-session/v1";

    public static string For(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var input = Encoding.UTF8.GetBytes(Domain + "\0" + sessionId);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
