using System.Runtime.InteropServices;

namespace Custody.Keys.Tests.Pkcs11;

/// <summary>
/// Sets a variable in the native process environment. On Unix, Environment.SetEnvironmentVariable only
/// changes .NET's own copy, which a native PKCS#11 module calling getenv (SoftHSM2 reads SOFTHSM2_CONF
/// that way) never sees.
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
