using System.Text.Json;

namespace Custody.Contracts.Json;

/// <summary>
/// The one wording of a JSON syntax error for every input (requests, policies, histories, transactions):
/// <c>$.path: not valid JSON at line L, byte B: reason</c>, without .NET type names or exception jargon.
/// </summary>
public static class JsonSyntax
{
    /// <summary>Strict reading: no comments, no trailing commas, no repeated member names.</summary>
    public static JsonDocumentOptions Options(InputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return new JsonDocumentOptions
        {
            AllowDuplicateProperties = false,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = Math.Max(1, limit.MaxDepth),
        };
    }

    /// <summary>Parses <paramref name="utf8"/> within <paramref name="limit"/>; null with the reason otherwise.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8, InputLimit limit, out JsonProblem? error)
    {
        ArgumentNullException.ThrowIfNull(limit);
        error = null;
        if (utf8.Length > limit.MaxBytes)
        {
            error = limit.TooLarge;
            return null;
        }

        if (utf8.IsEmpty)
        {
            error = new JsonProblem("$", $"is empty; expected {limit.What} as JSON");
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8, Options(limit));
        }
        catch (JsonException e)
        {
            error = Describe(e, limit);
            return null;
        }
    }

    /// <summary>As above, for text already decoded (its UTF-8 length is what the limit counts).</summary>
    public static JsonDocument? TryParse(string text, InputLimit limit, out JsonProblem? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limit);
        if (text.Length > limit.MaxBytes)
        {
            error = limit.TooLarge;
            return null;
        }

        return TryParse(System.Text.Encoding.UTF8.GetBytes(text), limit, out error);
    }

    /// <summary>The message of a reader exception in the project's words.</summary>
    public static JsonProblem Describe(JsonException e, InputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(limit);
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var reason = e.Message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? $"nests deeper than the limit of {limit.MaxDepth} for {limit.What}"
            : e.Message.Contains("uplicate property", StringComparison.Ordinal)
                ? "repeats a member name"
                : e.Message.StartsWith("Expected depth to be zero", StringComparison.Ordinal)
                    ? "ends before every object and array is closed"
                    : FirstSentence(e.Message);
        var position = e.LineNumber is { } line ? $" at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : "";
        return new JsonProblem(path, $"not valid JSON{position}: {reason}");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end < 0 ? message.TrimEnd('.') : message[..end];
        return sentence.Length > 160 ? sentence[..160] : sentence;
    }
}
