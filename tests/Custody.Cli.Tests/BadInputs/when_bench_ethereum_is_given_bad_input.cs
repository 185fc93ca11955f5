namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody bench ethereum</c>: bad measurement times and options are refused with their exact first line.</summary>
public sealed class when_bench_ethereum_is_given_bad_input
{
    private const string SecondsRule = "error: --seconds: must be a number in (0, 600]";

    private static readonly Table Cases = new(Rows());

    public static TheoryData<string> Names() => Cases.Names();

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

    [Theory]
    [MemberData(nameof(Names))]
    public Task it_is_refused_in_one_line_and_nothing_is_written(string name) => Cases.Rows[name].AssertRefusedAsync();

    [Fact]
    public void the_table_keeps_at_least_fifteen_rows() => Assert.True(Cases.Rows.Count >= Table.MinimumRows);
}
