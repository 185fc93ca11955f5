using System.Security.Cryptography;

namespace Custody.Mpc.Curve;

/// <summary>
/// Source of randomness for the MPC protocols. Production code uses <see cref="Secure"/>
/// (the operating system CSPRNG). Deterministic sources exist only in the test assembly (never in this one), so no
/// production caller can pick one.
/// </summary>
public abstract class MpcRandom
{
    /// <summary>The operating system CSPRNG (<see cref="RandomNumberGenerator"/>).</summary>
    public static MpcRandom Secure { get; } = new SystemRandom();

    /// <summary>Fills the buffer with random bytes.</summary>
    public abstract void Fill(Span<byte> destination);

    private sealed class SystemRandom : MpcRandom
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }
}
