using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Custody.Cli;

/// <summary>
/// Numeric options with their range, parsed in the tool's own words ("--page-size: must be an integer in
/// [1, 10000]") instead of System.CommandLine's, which name .NET types.
/// </summary>
internal static class BoundedOptions
{
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} [{min}, {max}]",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (Single(result) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name}: must be an integer in [{min}, {max}]");
            return defaultValue;
        },
    };

    public static Option<double> Number(string name, string description, double defaultValue, double exclusiveMin, double max) => new(name)
    {
        Description = $"{description} ({exclusiveMin}, {max}]",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (Single(result) is { } text && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > exclusiveMin && value <= max)
            {
                return value;
            }

            result.AddError($"{name}: must be a number in ({exclusiveMin}, {max}]");
            return defaultValue;
        },
    };

    private static string? Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
}
