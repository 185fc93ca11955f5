using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Cli;

/// <summary>
/// <c>custody tx encode</c> (JSON transaction on stdin → unsigned bytes and signing hash) and
/// <c>custody tx decode &lt;0x-raw&gt;</c> (signed raw transaction → fields, sender and hash).
/// The JSON notation is <see cref="TransactionJson"/>'s: decimal strings for numbers, 0x-hex for bytes.
/// </summary>
internal static class TxCommands
{
    private const int FormatError = 2;

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
        var command = new Command(
            "encode",
            "Read one JSON transaction on stdin {type, chainId, nonce, to, value, data, gasLimit, gasPrice | maxFeePerGas + "
            + "maxPriorityFeePerGas, accessList}; print {\"unsigned\": \"0x..\", \"signingHash\": \"0x..\"}.");
        command.SetAction(_ =>
        {
            var input = Console.In.ReadToEnd();
            return Run(() =>
            {
                var transaction = TransactionJson.Parse(input);
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
            return Run(() => TransactionJson.ToJson(SignedTransaction.Decode(Hex.Decode(text, "The raw transaction"))));
        });
        return command;
    }

    private static int Run(Func<JsonObject> action)
    {
        try
        {
            Console.Out.WriteLine(action().ToJsonString(Indented));
            return 0;
        }
        catch (EthereumFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return FormatError;
        }
    }
}
