using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Custody.Mpc.Curve;

/// <summary>
/// DETERMINISTIC TEST RANDOMNESS (see <see cref="MpcRandom.Seeded"/>): a SHA-256 counter-mode
/// stream, block i = SHA-256("Custody.Mpc.DeterministicTestRandom" || u64 seed || u64 i).
/// Not thread-safe; one instance per simulated party.
/// </summary>
public sealed class DeterministicTestRandom : MpcRandom
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
