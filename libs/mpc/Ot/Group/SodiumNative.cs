using System.Runtime.InteropServices;

namespace Custody.Mpc.Ot.Group;

/// <summary>
/// The libsodium functions of the ristretto255 group (libsodium 1.0.18+, "Finite field arithmetic" /
/// "Ristretto" API; native library from the pinned <c>libsodium</c> NuGet package). Sizes: points and
/// scalars 32 bytes, hash input and wide scalars 64 bytes.
/// </summary>
internal static unsafe partial class SodiumNative
{
    private const string Library = "libsodium";

    [LibraryImport(Library, EntryPoint = "sodium_init")]
    internal static partial int Initialize();

    /// <summary>q = n * p; -1 when p is not a valid encoding or the result is the identity.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_scalarmult_ristretto255")]
    internal static partial int ScalarMult(byte* q, byte* n, byte* p);

    /// <summary>q = n * B; -1 when the result is the identity (n = 0 mod L).</summary>
    [LibraryImport(Library, EntryPoint = "crypto_scalarmult_ristretto255_base")]
    internal static partial int ScalarMultBase(byte* q, byte* n);

    /// <summary>1 when p is a canonical encoding of a group element.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_is_valid_point")]
    internal static partial int IsValidPoint(byte* p);

    /// <summary>r = p + q; -1 when an input is not a valid encoding.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_add")]
    internal static partial int Add(byte* r, byte* p, byte* q);

    /// <summary>r = p - q; -1 when an input is not a valid encoding.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_sub")]
    internal static partial int Subtract(byte* r, byte* p, byte* q);

    /// <summary>p = the element of a 64-byte uniform string (two Elligator maps and an addition: uniform on the group).</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_from_hash")]
    internal static partial int FromHash(byte* p, byte* r);

    /// <summary>r = s mod L for a 64-byte little-endian s.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_scalar_reduce")]
    internal static partial void ScalarReduce(byte* r, byte* s);

    /// <summary>z = x + y mod L.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_scalar_add")]
    internal static partial void ScalarAdd(byte* z, byte* x, byte* y);

    /// <summary>z = x * y mod L.</summary>
    [LibraryImport(Library, EntryPoint = "crypto_core_ristretto255_scalar_mul")]
    internal static partial void ScalarMul(byte* z, byte* x, byte* y);
}
