using System.CommandLine;
using Custody.Keys.DevFile;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Cli;

/// <summary>
/// <c>custody parties identity --party P --id N --out FILE [--dev-key-file KEK]</c>: creates a party's identity file
/// (docs/parties.md "Keys", docs/signing.md "The co-signer service"): fresh Ed25519 and X25519 keys sealed by the
/// party's key provider (<c>PartyIdentityFile</c>), never overwriting a file, and prints the public keys as the
/// party's roster entry for the other operators to pin. The provider is the dev key file given, else the one
/// configured as for the services (<c>Keys__Provider</c>, <c>Keys__Kms__*</c>, ... in the environment).
/// </summary>
internal static class PartiesCommands
{
    public static Command Create()
    {
        var party = new Option<string>("--party") { Description = "The party's roster name (lower-case letters, digits and '-'), e.g. cosigner-a.", Required = true };
        var id = new Option<int>("--id") { Description = "The party's MPC id in the roster (1..65535).", Required = true };
        var output = new Option<string>("--out") { Description = "The identity file to create (mode 0600; an existing file is never overwritten).", Required = true };
        var devKey = new Option<string?>("--dev-key-file") { Description = "Seal with this dev key file (created if missing; local development only) instead of the configured Keys provider." };
        var identity = new Command("identity", "Create a party's sealed identity file and print its roster entry.");
        identity.Options.Add(party);
        identity.Options.Add(id);
        identity.Options.Add(output);
        identity.Options.Add(devKey);
        identity.SetAction((parse, ct) => IdentityAsync(parse.GetValue(party)!, parse.GetValue(id), parse.GetValue(output)!, parse.GetValue(devKey), ct));

        var parties = new Command("parties", "MPC party identities (the party channel).");
        parties.Subcommands.Add(identity);
        return parties;
    }

    private static async Task<int> IdentityAsync(string name, int id, string output, string? devKeyFile, CancellationToken ct)
    {
        if (name.Length is 0 or > 63 || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            Console.Error.WriteLine("error: --party: lower-case letters, digits and '-', 1 to 63 characters, starting with a letter");
            return ExitCodes.Invalid;
        }

        if (!PartyId.TryCreate(id, out var partyId))
        {
            Console.Error.WriteLine("error: --id: a party id in 1..65535");
            return ExitCodes.Invalid;
        }

        var path = Path.GetFullPath(output);
        if (File.Exists(path))
        {
            Console.Error.WriteLine($"error: {path} exists; a party's identity is created once (existing files are never overwritten)");
            return ExitCodes.Unreadable;
        }

        ServiceProvider services;
        try
        {
            services = Provider(devKeyFile);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Invalid;
        }

        await using (services)
        {
            PinnedParty pinned;
            try
            {
                pinned = await PartyIdentityFile.CreateAsync(path, name, partyId, services.GetRequiredService<KeySealer>(), ct);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Invalid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write {path}: {e.Message}");
                return ExitCodes.Unreadable;
            }
            catch (KeySealingException e)
            {
                Console.Error.WriteLine($"error: the key provider refused to seal the identity ({e.Error})");
                return ExitCodes.Unreachable;
            }

            Console.Error.WriteLine($"identity: {path} (mode 0600); pin this entry in every party's roster:");
            KernelInput.WriteJson(w =>
            {
                w.WriteString("name", name);
                w.WriteNumber("id", id);
                w.WriteString("signingKey", Convert.ToHexStringLower(pinned.SigningKey));
                w.WriteString("encryptionKey", Convert.ToHexStringLower(pinned.EncryptionKey));
            });
            return ExitCodes.Ok;
        }
    }

    /// <summary>The key sealing the services use (section Keys), from the environment or the given dev key file.</summary>
    private static ServiceProvider Provider(string? devKeyFile)
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        if (devKeyFile is not null)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Keys:Provider"] = "dev-file",
                ["Keys:DevFile:Path"] = Path.GetFullPath(devKeyFile),
                ["Keys:DevFile:CreateIfMissing"] = "true",
            });
            environment = "Local";
        }

        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new CliEnvironment(environment ?? ""));
        services.AddCustodyKeySealing(builder.Build());
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IKeyEncryptionProvider>();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private sealed class CliEnvironment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "custody";

        public string ContentRootPath { get; set; } = Environment.CurrentDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
