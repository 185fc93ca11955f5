using System.Security.Cryptography;

namespace Custody.Mpc.Curve;

/// <summary>
/// Source of randomness for the MPC protocols. Production code uses <see cref="Secure"/>
/// (the operating system CSPRNG); tests pass <see cref="Seeded"/> to make runs reproducible.
/// </summary>
public abstract class MpcRandom
{
    /// <summary>The operating system CSPRNG (<see cref="RandomNumberGenerator"/>).</summary>
    public static MpcRandom Secure { get; } = new SystemRandom();

    /// <summary>Fills the buffer with random bytes.</summary>
    public abstract void Fill(Span<byte> destination);

    /// <summary>
    /// DETERMINISTIC TEST RANDOMNESS: everything it produces follows from the 64-bit seed.
    /// Never use it outside tests and benchmarks.
    /// </summary>
    public static MpcRandom Seeded(ulong seed) => new DeterministicTestRandom(seed);

    private sealed class SystemRandom : MpcRandom
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }
}
