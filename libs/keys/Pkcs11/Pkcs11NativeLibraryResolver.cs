using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Pkcs11;

/// <summary>
/// Pkcs11Interop 5.3.0 P/Invokes <c>dlopen</c> from "libdl", which Debian 12 ships only as libdl.so.2
/// (docs/google-cloud.md "Cloud KMS and HSMs"). This resolver maps that name to libdl.so.2, or to libc.so.6 (glibc 2.34+ has
/// dlopen itself). Registered once per process, before the first module load.
/// </summary>
internal static class Pkcs11NativeLibraryResolver
{
    private static readonly Lazy<bool> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, Resolve);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Another component already set a resolver for Pkcs11Interop; it is responsible for libdl.
            return false;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "libdl")
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in (string[])["libdl.so.2", "libc.so.6", "libdl.so"])
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
