using System.Security.Cryptography;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// Remembers the session ids one setup instance has used, so a second multiplication with the
/// same (setup, session id) in this process fails loudly. It cannot see other processes or
/// reloaded copies: session ids must be unique by construction (README, "Never").
/// </summary>
internal sealed class SessionIdRegistry
{
    private readonly HashSet<string> _used = [];
    private readonly Lock _lock = new();

    public void Claim(ReadOnlySpan<byte> sessionId)
    {
        var key = Convert.ToHexString(SHA256.HashData(sessionId));
        lock (_lock)
        {
            if (!_used.Add(key))
            {
                throw new InvalidOperationException("This session id was already used with this multiplication setup; OT state must never be reused.");
            }
        }
    }
}
