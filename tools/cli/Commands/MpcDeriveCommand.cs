using System.CommandLine;
using System.Text.Json;
using Custody.Ethereum;
using Custody.Mpc.Derivation;

namespace Custody.Cli.Commands;

/// <summary>
/// <c>custody mpc derive --xpub X --path m/0/1</c>: BIP-32 public derivation (CKDpub) of a wallet's extended public
/// key; prints one JSON object with the child's path, extended public key, compressed public key and Ethereum
/// address. Public data only; hardened steps and malformed keys exit 1 with the reason.
/// </summary>
internal static class MpcDeriveCommand
{
    public static Command Create()
    {
        var xpub = new Option<string>("--xpub") { Description = "the wallet's extended public key (xpub... or tpub...)", Required = true };
        var path = new Option<string>("--path") { Description = "non-hardened path, for example m/0/1", Required = true };
        var command = new Command("derive", "Child public key and Ethereum address of an extended public key for a non-hardened BIP-32 path.");
        command.Options.Add(xpub);
        command.Options.Add(path);
        command.SetAction(parse =>
        {
            ExtendedPublicKey parent;
            DerivationPath steps;
            try
            {
                parent = ExtendedPublicKey.Parse(parse.GetValue(xpub)!);
                steps = DerivationPath.Parse(parse.GetValue(path)!);
            }
            catch (FormatException error)
            {
                Console.Error.WriteLine(error.Message);
                return ExitCodes.Invalid;
            }

            ExtendedPublicKey child;
            try
            {
                child = parent.Derive(steps).Child;
            }
            catch (Exception error) when (error is InvalidChildKeyException or InvalidOperationException)
            {
                Console.Error.WriteLine(error.Message);
                return ExitCodes.Invalid;
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["path"] = steps.ToString(),
                ["xpub"] = child.ToString(),
                ["publicKey"] = "0x" + Convert.ToHexStringLower(child.PublicKey.Encode()),
                ["address"] = Address.FromPublicKey(child.PublicKey.EncodeUncompressed()).ToString(),
            }));
            return ExitCodes.Ok;
        });
        return command;
    }
}
