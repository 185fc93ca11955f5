using System.Buffers.Binary;
using System.Security.Cryptography;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests;

/// <summary>
/// DETERMINISTIC TEST RANDOMNESS, kept out of the production assembly: a SHA-256 counter-mode
/// stream, block i = SHA-256("Custody.Mpc.DeterministicTestRandom" || u64 seed || u64 i).
/// Not thread-safe; one instance per simulated party.
/// </summary>
internal sealed class DeterministicTestRandom : MpcRandom
{
    private static readonly byte[] Domain = "Custody.Mpc.DeterministicTestRandom"u8.ToArray();

    private readonly ulong _seed;
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _available;

    internal DeterministicTestRandom(ulong seed) => _seed = seed;

    public override void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_available == 0)
            {
                Refill();
            }
            var take = Math.Min(_available, destination.Length);
            _block.AsSpan(32 - _available, take).CopyTo(destination);
            destination = destination[take..];
            _available -= take;
        }
    }

    private void Refill()
    {
        Span<byte> input = stackalloc byte[Domain.Length + 16];
        Domain.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input[Domain.Length..], _seed);
        BinaryPrimitives.WriteUInt64BigEndian(input[(Domain.Length + 8)..], _counter++);
        SHA256.HashData(input, _block);
        _available = 32;
    }
}

/// <summary><c>MpcRandom.Seeded(seed)</c> in tests: a reproducible <see cref="DeterministicTestRandom"/>.</summary>
internal static class SeededRandom
{
    extension(MpcRandom)
    {
        public static MpcRandom Seeded(ulong seed) => new DeterministicTestRandom(seed);
    }
}
