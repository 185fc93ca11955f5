using System.Diagnostics;
using System.Security.Cryptography;
using Custody.Keys.Pkcs11;

namespace Custody.Keys.Tests.Pkcs11;

/// <summary>
/// A real SoftHSM2 token in a temporary folder: its own SOFTHSM2_CONF, a token initialised with
/// softhsm2-util and random PINs, and the wrapping key created by the provider's own CreateWrappingKey.
/// SOFTHSM2_CONF is process-wide and read when the module initialises, so every PKCS#11 test shares
/// this one fixture (collection "softhsm").
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    public const string TokenLabel = "custody-test";
    public const string KeyLabel = "custody-kek";

    /// <summary>A second token nobody logs into, for wrong-PIN tests (login state is per application and token).</summary>
    public const string UntouchedTokenLabel = "custody-untouched";
    public const string PinVariable = "CUSTODY_TEST_PKCS11_PIN";

    private readonly TempDirectory _folder = new();

    public SoftHsmToken()
    {
        if (!File.Exists(Pkcs11Options.SoftHsmModulePath))
        {
            throw new InvalidOperationException($"SoftHSM2 is not installed ({Pkcs11Options.SoftHsmModulePath} missing). Run ./eng/tools.sh (it installs the Debian package softhsm2).");
        }

        var tokens = Directory.CreateDirectory(_folder.File("tokens")).FullName;
        var config = _folder.File("softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        NativeEnvironment.Set("SOFTHSM2_CONF", config);

        UserPin = RandomPin();
        RunSoftHsmUtil("--init-token", "--free", "--label", TokenLabel, "--pin", UserPin, "--so-pin", RandomPin());
        RunSoftHsmUtil("--init-token", "--free", "--label", UntouchedTokenLabel, "--pin", RandomPin(), "--so-pin", RandomPin());
        Environment.SetEnvironmentVariable(PinVariable, UserPin);

        Provider = new Pkcs11KeyEncryptionProvider(Options(KeyLabel));
        Provider.CreateWrappingKey();
    }

    public string UserPin { get; }

    public Pkcs11KeyEncryptionProvider Provider { get; }

    public static Pkcs11Options Options(string keyLabel, string pinVariable = PinVariable) => new()
    {
        ModulePath = Pkcs11Options.SoftHsmModulePath,
        TokenLabel = TokenLabel,
        KeyLabel = keyLabel,
        PinEnvironmentVariable = pinVariable,
    };

    public void Dispose()
    {
        Provider.Dispose();
        Environment.SetEnvironmentVariable(PinVariable, null);
        _folder.Dispose();
    }

    private static string RandomPin() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static void RunSoftHsmUtil(params string[] arguments)
    {
        var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new InvalidOperationException("softhsm2-util did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {arguments[0]} failed ({process.ExitCode}): {error} {output.Result}");
        }
    }
}

[CollectionDefinition("softhsm")]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmToken>;
