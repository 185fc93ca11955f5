using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Custody.Contracts.Json;

/// <summary>
/// Compares a JSON value with the source-generated metadata of a contract type and names every mismatch
/// as <c>$.path: must be ...</c>. Only the kinds the contracts use are described: strings, integers,
/// booleans, timestamps, arrays and nested contract objects.
/// </summary>
internal static class ContractShape
{
    public static void Check(JsonElement element, JsonTypeInfo typeInfo, string path, List<string> errors)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        if (type == typeof(string))
        {
            Expect(element.ValueKind == JsonValueKind.String, path, "must be a string", errors);
        }
        else if (type == typeof(DateTimeOffset))
        {
            Expect(element.ValueKind == JsonValueKind.String && Rfc3339.TryParse(element.GetString(), out _), path, Rfc3339.Requirement, errors);
        }
        else if (type == typeof(bool))
        {
            Expect(element.ValueKind is JsonValueKind.True or JsonValueKind.False, path, "must be true or false", errors);
        }
        else if (type == typeof(ulong))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out _), path, $"must be an integer in [0, {ulong.MaxValue}]", errors);
        }
        else if (type == typeof(long))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out _), path, $"must be an integer in [{long.MinValue}, {long.MaxValue}]", errors);
        }
        else if (type == typeof(int))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _), path, $"must be an integer in [{int.MinValue}, {int.MaxValue}]", errors);
        }
        else if (typeInfo.Kind == JsonTypeInfoKind.Enumerable && typeInfo.ElementType is { } elementType)
        {
            CheckArray(element, typeInfo.Options.GetTypeInfo(elementType), path, errors);
        }
        else if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            CheckObject(element, typeInfo, path, errors);
        }
    }

    private static void CheckArray(JsonElement element, JsonTypeInfo itemInfo, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}: must be an array");
            return;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            Check(item, itemInfo, $"{path}[{index++}]", errors);
        }
    }

    private static void CheckObject(JsonElement element, JsonTypeInfo typeInfo, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object");
            return;
        }

        var properties = typeInfo.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = MemberPath(path, member.Name);
            if (!properties.TryGetValue(member.Name, out var property))
            {
                errors.Add($"{memberPath}: unknown member");
            }
            else if (member.Value.ValueKind == JsonValueKind.Null)
            {
                Expect(property.IsSetNullable, memberPath, "must not be null", errors);
            }
            else
            {
                Check(member.Value, typeInfo.Options.GetTypeInfo(property.PropertyType), memberPath, errors);
            }
        }

        foreach (var property in typeInfo.Properties.Where(IsRequired))
        {
            if (!element.TryGetProperty(property.Name, out _))
            {
                errors.Add($"{MemberPath(path, property.Name)}: is required");
            }
        }
    }

    /// <summary>Required: marked so, or a constructor parameter without a default (RespectRequiredConstructorParameters).</summary>
    private static bool IsRequired(JsonPropertyInfo property) =>
        property.IsRequired || property.AssociatedParameter is { HasDefaultValue: false, IsMemberInitializer: false };

    /// <summary>$.name for plain names; other names are not echoed (they are attacker-chosen text).</summary>
    private static string MemberPath(string path, string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{name}" : $"{path}.<member>";

    private static void Expect(bool ok, string path, string reason, List<string> errors)
    {
        if (!ok)
        {
            errors.Add($"{path}: {reason}");
        }
    }
}
