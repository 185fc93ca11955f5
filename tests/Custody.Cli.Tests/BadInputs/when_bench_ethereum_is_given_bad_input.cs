namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody bench ethereum</c>: bad measurement times and options are refused with their exact first line.</summary>
public sealed class when_bench_ethereum_is_given_bad_input : BadInputTableTests<when_bench_ethereum_is_given_bad_input>, IBadInputTable
{
    private const string SecondsRule = "error: --seconds: must be a number in (0, 600]";

    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        foreach (var seconds in new[] { "0", "-1", "601", "abc", "", "NaN", "Infinity", "1e3", "1,5", "0x10", "1e999", " 2", "2s" })
        {
            yield return ($"--seconds '{seconds}'", new BadInput(["bench", "ethereum", "--no-ethers", "--seconds", seconds], 1, SecondsRule));
        }

        yield return ("an argument", new BadInput(["bench", "ethereum", "--no-ethers", "fast"], 1, "error: Unrecognized command or argument 'fast'"));
        yield return ("an unknown option", new BadInput(["bench", "ethereum", "--ethers-path", "/x"], 1, "error: Unrecognized command or argument '--ethers-path'"));
        yield return ("--seconds twice", new BadInput(["bench", "ethereum", "--no-ethers", "--seconds", "1", "--seconds", "2"], 1, "error: Option '--seconds' expects a single argument but 2 were provided"));
    }
}
