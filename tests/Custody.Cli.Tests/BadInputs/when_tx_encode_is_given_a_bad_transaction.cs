using System.Text;
using Custody.Contracts.Json;

namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody tx encode [file]</c>: a bad transaction, from a file or stdin, is refused with its exact first line.</summary>
public sealed class when_tx_encode_is_given_a_bad_transaction : BadInputTableTests<when_tx_encode_is_given_a_bad_transaction>, IBadInputTable
{
    private static readonly Table Table = new([
        .. FileRows.For(["tx", "encode", "{file}"], "transaction", InputLimits.Transaction),
        .. TransactionRows(),
        .. StdinRows(),
    ]);

    static Table IBadInputTable.All => Table;

    private static IEnumerable<(string Name, BadInput Row)> TransactionRows()
    {
        BadInput Refused(string json, string problem) => new BadInput(["tx", "encode", FileRows.File], 1, $"error: invalid transaction {FileRows.File}: {problem}").With("input.json", json);

        yield return ("nonce as a number", Refused(Inputs.Transaction.Replace("\"nonce\": \"0\"", "\"nonce\": 0"), "$.nonce: must be a string"));
        yield return ("value as a number", Refused(Inputs.Transaction.Replace("\"value\": \"1\"", "\"value\": 1"), "$.value: must be a string"));
        yield return ("type as a string", Refused(Inputs.Transaction.Replace("\"type\": 2", "\"type\": \"2\""), "$.type: must be the number 0 (legacy), 1 (EIP-2930) or 2 (EIP-1559)"));
        yield return ("a hex amount", Refused(Inputs.Transaction.Replace("\"value\": \"1\"", "\"value\": \"0x01\""), "$.value: must be a decimal string in [0, 2^256-1] without sign or leading zeros"));
        yield return ("a nonce over 64 bits", Refused(Inputs.Transaction.Replace("\"nonce\": \"0\"", "\"nonce\": \"18446744073709551616\""), "$.nonce: must be a decimal string in [0, 2^64-1]"));
        yield return ("a bad address", Refused(Inputs.Transaction.Replace("0x3535353535353535353535353535353535353535", "0x35"), "$.to: must be an address, 0x followed by 40 hex digits (mixed case only with a valid EIP-55 checksum)"));
        yield return ("odd hex data", Refused(Inputs.Transaction.Replace("\"data\": \"0x\"", "\"data\": \"0x1\""), "$.data: must be 0x followed by an even number of hex digits"));
        yield return ("a field of another type", Refused(Inputs.Transaction.Replace("\"gasLimit\"", "\"gasPrice\": \"1\", \"gasLimit\""), "$.gasPrice: is not a field of a type 2 transaction"));
        yield return ("an array", Refused("[]", "$: must be an object"));
    }

    private static IEnumerable<(string Name, BadInput Row)> StdinRows()
    {
        yield return ("stdin: empty", new BadInput(["tx", "encode"], 1, "error: invalid transaction (stdin): $: is empty; expected a transaction as JSON") { Stdin = [] });
        yield return ("stdin: binary", new BadInput(["tx", "encode", "-"], 1, "error: invalid transaction (stdin): $: not UTF-8 text") { Stdin = BadInput.Bytes.Binary });
        yield return ("stdin: over the limit", new BadInput(["tx", "encode"], 1, $"error: invalid transaction (stdin): {InputLimits.Transaction.TooLarge}") { Stdin = BadInput.Bytes.Spaces(InputLimits.Transaction.MaxBytes + 1) });
        yield return ("stdin: amount as a number", new BadInput(["tx", "encode"], 1, "error: invalid transaction (stdin): $.value: must be a string")
        {
            Stdin = Encoding.UTF8.GetBytes(Inputs.Transaction.Replace("\"value\": \"1\"", "\"value\": 1")),
        });
    }


    [Fact]
    public async Task a_file_argument_gives_what_stdin_gives()
    {
        using var dir = new TempDirectory();
        var fromFile = await CustodyCli.RunAsync("tx", "encode", dir.File("tx.json", Inputs.Transaction));
        var fromStdin = await CustodyCli.RunAsync(TimeSpan.FromSeconds(60), new Dictionary<string, string>(), Encoding.UTF8.GetBytes(Inputs.Transaction), "tx", "encode");

        Assert.Equal((0, 0), (fromFile.ExitCode, fromStdin.ExitCode));
        Assert.StartsWith("{", fromFile.Stdout, StringComparison.Ordinal);
        Assert.Equal(fromStdin.Stdout, fromFile.Stdout);
    }
}
