using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Custody.Contracts.Json;

/// <summary>
/// Reads a contract (an event, an approval) from untrusted JSON: the size and depth limit first, then the
/// JSON shape against the contract's own metadata, then deserialisation. Every problem is one
/// <c>$.path: reason</c> line in the contract's words ("must be a string", "is required",
/// "unknown member"), never a .NET type name. Shape checks of the values (id formats, amounts) stay with
/// each contract's <c>Validate</c>.
/// </summary>
public static class ContractReader
{
    /// <summary>Most problems listed for one input; the rest are summarised in one line.</summary>
    public const int MaxErrors = 20;

    public static bool TryRead<T>(
        ReadOnlyMemory<byte> utf8, JsonTypeInfo<T> typeInfo, InputLimit limit,
        [NotNullWhen(true)] out T? value, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(limit);
        value = default;
        using var document = JsonSyntax.TryParse(utf8, limit, out var syntaxError);
        if (document is null)
        {
            errors = [syntaxError!.ToString()];
            return false;
        }

        var problems = new List<string>();
        ContractShape.Check(document.RootElement, typeInfo, "$", problems);
        if (problems.Count == 0)
        {
            try
            {
                value = document.Deserialize(typeInfo);
            }
            catch (JsonException e)
            {
                problems.Add($"{(string.IsNullOrEmpty(e.Path) ? "$" : e.Path)}: is not a valid value here");
            }
        }

        if (problems.Count > MaxErrors)
        {
            var more = problems.Count - MaxErrors;
            problems.RemoveRange(MaxErrors, more);
            problems.Add($"$: {more} more problems not listed");
        }

        errors = problems;
        return problems.Count == 0 && value is not null;
    }
}
