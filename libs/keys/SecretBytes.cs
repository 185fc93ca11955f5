using System.Security.Cryptography;

namespace Custody.Keys;

/// <summary>
/// Secret material (a data key, an MPC key share) held only in memory: the bytes live in a pinned array
/// (the GC never copies them), are wiped with <see cref="CryptographicOperations.ZeroMemory"/> on
/// <see cref="Dispose"/>, and <see cref="ToString"/> never shows them. The owner disposes it as soon as
/// the secret is no longer needed (docs/architecture.md "Keys and signing": plaintext shares exist only in memory).
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private readonly byte[] _buffer;
    private bool _disposed;

    private SecretBytes(int length)
    {
        _buffer = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>Length of the secret in bytes (not secret itself).</summary>
    public int Length => _buffer.Length;

    /// <summary>True once the content has been wiped.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The secret. Do not copy it into unmanaged or long-lived buffers.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer;
        }
    }

    /// <summary>The secret as memory, for APIs that take <see cref="ReadOnlyMemory{T}"/> (async or gRPC wrappers).</summary>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer;
        }
    }

    /// <summary>Writable view used by the code that fills a freshly allocated holder.</summary>
    internal Span<byte> WritableSpan
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer;
        }
    }

    /// <summary>A zero-filled holder of <paramref name="length"/> bytes, to be filled by a decryption.</summary>
    public static SecretBytes Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new SecretBytes(length);
    }

    /// <summary>A holder of <paramref name="length"/> uniformly random bytes from the OS CSPRNG.</summary>
    public static SecretBytes Random(int length)
    {
        var secret = Allocate(length);
        RandomNumberGenerator.Fill(secret._buffer);
        return secret;
    }

    /// <summary>A holder with a copy of <paramref name="source"/>; the caller still wipes its own copy.</summary>
    public static SecretBytes CopyFrom(ReadOnlySpan<byte> source)
    {
        var secret = Allocate(source.Length);
        source.CopyTo(secret._buffer);
        return secret;
    }

    /// <summary>Copies <paramref name="source"/> into a new holder and wipes <paramref name="source"/>.</summary>
    public static SecretBytes TakeFrom(Span<byte> source)
    {
        try
        {
            return CopyFrom(source);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(source);
        }
    }

    /// <summary>Constant-time comparison with other secret bytes.</summary>
    public bool FixedTimeEquals(ReadOnlySpan<byte> other) =>
        CryptographicOperations.FixedTimeEquals(Span, other);

    /// <summary>Never the content: only the length.</summary>
    public override string ToString() => _disposed ? "SecretBytes(disposed)" : $"SecretBytes({Length} bytes, redacted)";

    /// <summary>Wipes the content. Idempotent.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_buffer);
            _disposed = true;
        }
    }
}
