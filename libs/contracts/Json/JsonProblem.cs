namespace Custody.Contracts.Json;

/// <summary>One problem with a JSON input: where (a JSON path such as <c>$.rules[0].id</c>) and why.</summary>
public sealed record JsonProblem(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
