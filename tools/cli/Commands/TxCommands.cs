using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Custody.Contracts.Json;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Cli;

/// <summary>
/// <c>custody tx encode [file]</c> (JSON transaction from a file or stdin → unsigned bytes and signing hash) and
/// <c>custody tx decode &lt;0x-raw&gt;</c> (signed raw transaction → fields, sender and hash).
/// The JSON notation is <see cref="TransactionJson"/>'s: decimal strings for numbers, 0x-hex for bytes.
/// </summary>
internal static class TxCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var tx = new Command("tx", "Encode and decode Ethereum transactions (legacy EIP-155, EIP-2930, EIP-1559).");
        tx.Subcommands.Add(Encode());
        tx.Subcommands.Add(Decode());
        return tx;
    }

    private static Command Encode()
    {
        var file = new Argument<string>("file")
        {
            Description = "The JSON transaction file; \"-\" or none reads stdin (at most 512 KiB).",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command(
            "encode",
            "Read one JSON transaction {type (0, 1 or 2), chainId, nonce, to, value, data, gasLimit, gasPrice | maxFeePerGas + "
            + "maxPriorityFeePerGas, accessList}: every quantity a decimal string, bytes 0x-hex; print {\"unsigned\": \"0x..\", \"signingHash\": \"0x..\"}.");
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (InputFile.ReadText(path, "transaction", InputLimits.Transaction, out var exitCode) is not { } input)
            {
                return exitCode;
            }

            using var document = JsonSyntax.TryParse(input, InputLimits.Transaction, out var syntaxError);
            if (document is null || document.RootElement.ValueKind != JsonValueKind.Object || JsonObject.Create(document.RootElement.Clone()) is not { } json)
            {
                InputFile.Invalid(path, "transaction", [syntaxError?.ToString() ?? "$: must be an object"], out exitCode);
                return exitCode;
            }

            return Run(path, () =>
            {
                var transaction = TransactionJson.Parse(json);
                return new JsonObject
                {
                    ["unsigned"] = Hex.Encode(transaction.EncodeUnsigned()),
                    ["signingHash"] = transaction.SigningHash().ToString(),
                };
            });
        });
        return command;
    }

    private static Command Decode()
    {
        var raw = new Argument<string>("raw") { Description = "The signed raw transaction, 0x-hex." };
        var command = new Command("decode", "Decode a signed raw transaction; print its fields, the recovered sender (\"from\") and \"hash\".");
        command.Arguments.Add(raw);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(raw);
            return Run(null, () => TransactionJson.ToJson(SignedTransaction.Decode(Hex.Decode(text, "The raw transaction"))));
        });
        return command;
    }

    private static int Run(string? inputPath, Func<JsonObject> action)
    {
        try
        {
            Console.Out.WriteLine(action().ToJsonString(Indented));
            return ExitCodes.Ok;
        }
        catch (EthereumFormatException e)
        {
            if (inputPath is null)
            {
                Console.Error.WriteLine($"error: invalid raw transaction: {e.Message}");
                return ExitCodes.Invalid;
            }

            InputFile.Invalid(inputPath, "transaction", [e.Message], out var exitCode);
            return exitCode;
        }
    }
}
