namespace Custody.Cli.Tests.BadInputs;

/// <summary>A command whose bad inputs are listed in one table.</summary>
public interface IBadInputTable
{
    internal static abstract Table All { get; }
}

/// <summary>
/// The two tests of every command's bad-input table: each row is refused as it says, and the table keeps at least
/// <see cref="Table.MinimumRows"/> rows.
/// </summary>
public abstract class BadInputTableTests<TCommand>
    where TCommand : IBadInputTable
{
    public static TheoryData<string> Names() => TCommand.All.Names();

    /// <summary>Names in the rows' arguments and messages that only exist at run time (server addresses).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Placeholders => null;

    [Theory]
    [MemberData(nameof(Names))]
    public Task it_is_refused_in_one_line_and_nothing_is_written(string name) => TCommand.All.Rows[name].AssertRefusedAsync(Placeholders);

    [Fact]
    public void the_table_keeps_at_least_fifteen_rows() => Assert.True(TCommand.All.Rows.Count >= Table.MinimumRows);
}
