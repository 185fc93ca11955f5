namespace Custody.Cli.Tests.BadInputs;

/// <summary>A command's bad-input table by row name (the theory's data), with the minimum size the tables keep.</summary>
internal sealed class Table(IEnumerable<(string Name, BadInput Row)> rows)
{
    public const int MinimumRows = 15;

    public Dictionary<string, BadInput> Rows { get; } = rows.ToDictionary(r => r.Name, r => r.Row, StringComparer.Ordinal);

    public TheoryData<string> Names() => new(Rows.Keys.Order(StringComparer.Ordinal));
}
