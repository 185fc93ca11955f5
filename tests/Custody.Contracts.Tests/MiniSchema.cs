using System.Text.Json;
using System.Text.RegularExpressions;

namespace Custody.Contracts.Tests;

/// <summary>
/// Checks a JSON value against the subset of JSON Schema 2020-12 our contract schemas use (type object,
/// required, additionalProperties false, string pattern/minLength/maxLength/format date-time, integer
/// minimum/maximum). Unknown keywords fail loudly so the schema cannot silently outgrow this checker.
/// </summary>
internal static class MiniSchema
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "$id", "title", "description", "type", "additionalProperties", "required", "properties",
        "pattern", "minLength", "maxLength", "format", "minimum", "maximum",
    ];

    public static List<string> Validate(JsonElement schema, JsonElement value, string path = "$")
    {
        var errors = new List<string>();
        foreach (var keyword in schema.EnumerateObject().Where(k => !Known.Contains(k.Name)))
        {
            errors.Add($"{path}: schema keyword {keyword.Name} is not supported by the test checker");
        }

        switch (schema.GetProperty("type").GetString())
        {
            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object");
                    break;
                }

                var properties = schema.GetProperty("properties");
                errors.AddRange(schema.GetProperty("required").EnumerateArray()
                    .Where(r => !value.TryGetProperty(r.GetString()!, out _))
                    .Select(r => $"{path}.{r.GetString()}: required"));
                foreach (var member in value.EnumerateObject())
                {
                    if (properties.TryGetProperty(member.Name, out var sub))
                    {
                        errors.AddRange(Validate(sub, member.Value, $"{path}.{member.Name}"));
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.False)
                    {
                        errors.Add($"{path}.{member.Name}: not allowed");
                    }
                }

                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string");
                    break;
                }

                var text = value.GetString()!;
                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add($"{path}: does not match {pattern.GetString()}");
                }

                if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32())
                {
                    errors.Add($"{path}: shorter than {min.GetInt32()}");
                }

                if (schema.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32())
                {
                    errors.Add($"{path}: longer than {max.GetInt32()}");
                }

                if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" &&
                    !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{path}: not a date-time");
                }

                break;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number != decimal.Truncate(number))
                {
                    errors.Add($"{path}: expected an integer");
                    break;
                }

                if (schema.TryGetProperty("minimum", out var lo) && number < lo.GetDecimal())
                {
                    errors.Add($"{path}: below {lo.GetDecimal()}");
                }

                if (schema.TryGetProperty("maximum", out var hi) && number > hi.GetDecimal())
                {
                    errors.Add($"{path}: above {hi.GetDecimal()}");
                }

                break;
            default:
                errors.Add($"{path}: schema type {schema.GetProperty("type")} is not supported by the test checker");
                break;
        }

        return errors;
    }
}
