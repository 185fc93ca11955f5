using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Custody.Domain.Policies;

/// <summary>
/// The canonical JSON form used for the policy id (docs/policy.md "Policy id"), a subset of RFC 8785 (JCS):
/// no whitespace; object members sorted by their names compared as UTF-16 code units (ordinal); arrays in
/// order; strings in UTF-8 with only <c>"</c>, <c>\</c> and U+0000..U+001F escaped (<c>\b \t \n \f \r</c>,
/// else <c>\u00xx</c> lower-case); numbers must be integers in the signed 64-bit range and are written in
/// plain decimal (so <c>1.0</c>, <c>1e2</c> are refused rather than normalised); true, false, null as is.
/// Duplicate member names are refused by the parser before this runs.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical UTF-8 bytes, or null with the path and reason of the first problem.</summary>
    public static byte[]? TryWrite(JsonElement element, out PolicyError? error)
    {
        var builder = new StringBuilder();
        error = Write(element, "$", builder);
        return error is null ? Encoding.UTF8.GetBytes(builder.ToString()) : null;
    }

    private static PolicyError? Write(JsonElement element, string path, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    output.Append(first ? "" : ",");
                    first = false;
                    WriteString(property.Name, output);
                    output.Append(':');
                    if (Write(property.Value, $"{path}.{property.Name}", output) is { } error)
                    {
                        return error;
                    }
                }

                output.Append('}');
                return null;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    output.Append(index == 0 ? "" : ",");
                    if (Write(item, $"{path}[{index}]", output) is { } error)
                    {
                        return error;
                    }

                    index++;
                }

                output.Append(']');
                return null;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                return null;
            case JsonValueKind.Number:
                if (!element.TryGetInt64(out var number))
                {
                    return new PolicyError(path, "numbers must be integers in the signed 64-bit range, without fraction or exponent");
                }

                output.Append(number.ToString(CultureInfo.InvariantCulture));
                return null;
            case JsonValueKind.True:
                output.Append("true");
                return null;
            case JsonValueKind.False:
                output.Append("false");
                return null;
            case JsonValueKind.Null:
                output.Append("null");
                return null;
            default:
                return new PolicyError(path, $"unexpected JSON value kind {element.ValueKind}");
        }
    }

    private static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\t': output.Append("\\t"); break;
                case '\n': output.Append("\\n"); break;
                case '\f': output.Append("\\f"); break;
                case '\r': output.Append("\\r"); break;
                case < ' ': output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: output.Append(c); break;
            }
        }

        output.Append('"');
    }
}
