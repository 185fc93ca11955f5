using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Custody.Mpc.Ot;

/// <summary>
/// A working buffer of exactly <c>length</c> elements rented from <see cref="ArrayPool{T}.Shared"/>
/// for secret intermediate values (OT pads, matrix columns, check values): <see cref="Dispose"/>
/// wipes the whole rented array before returning it, so no secret outlives its use in the pool.
/// </summary>
internal readonly struct PooledSecret<T> : IDisposable
    where T : unmanaged
{
    private readonly T[] _array;
    private readonly int _length;

    private PooledSecret(T[] array, int length)
    {
        _array = array;
        _length = length;
    }

    public static PooledSecret<T> Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new PooledSecret<T>(ArrayPool<T>.Shared.Rent(length), length);
    }

    public Span<T> Span => _array.AsSpan(0, _length);

    public void Dispose()
    {
        if (_array is null)
        {
            return;
        }
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_array.AsSpan()));
        ArrayPool<T>.Shared.Return(_array);
    }
}
