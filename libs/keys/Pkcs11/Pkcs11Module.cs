using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Pkcs11;

/// <summary>
/// A PKCS#11 module loaded once per process and path: C_Initialize is process-wide, and C_Finalize would
/// end every session of every user of the module. Users take a lease; the module is finalized when the
/// last lease is disposed.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private readonly string _path;
    private int _leases;

    private Pkcs11Module(string path, Pkcs11InteropFactories factories, IPkcs11Library library)
    {
        _path = path;
        Factories = factories;
        Library = library;
    }

    public Pkcs11InteropFactories Factories { get; }

    public IPkcs11Library Library { get; }

    /// <summary>Loads the module (or shares the loaded one) and returns a lease on it.</summary>
    public static Lease Acquire(string modulePath)
    {
        var path = Path.GetFullPath(modulePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The PKCS#11 module {path} does not exist (for SoftHSM2: apt-get install softhsm2, or run eng/tools.sh).", path);
        }

        Pkcs11NativeLibraryResolver.EnsureRegistered();
        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                var factories = new Pkcs11InteropFactories();
                var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
                module = new Pkcs11Module(path, factories, library);
                Loaded.Add(path, module);
            }

            module._leases++;
            return new Lease(module);
        }
    }

    private void Release()
    {
        lock (Gate)
        {
            if (--_leases == 0)
            {
                Loaded.Remove(_path);
                Library.Dispose();
            }
        }
    }

    /// <summary>One user's hold on the module.</summary>
    internal sealed class Lease(Pkcs11Module module) : IDisposable
    {
        private int _released;

        public Pkcs11Module Module { get; } = module;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Module.Release();
            }
        }
    }
}
