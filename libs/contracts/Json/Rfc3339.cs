using System.Globalization;
using System.Text.RegularExpressions;

namespace Custody.Contracts.Json;

/// <summary>
/// The one timestamp notation of every contract, policy input and command option: an RFC 3339 date-time
/// (section 5.6) with an explicit offset, <c>Z</c> or <c>±hh:mm</c>. A timestamp without an offset is refused
/// rather than read in the machine's local time zone: every signing party must reach the same decision on
/// the same input, whatever zone its machine is set to.
/// </summary>
public static partial class Rfc3339
{
    /// <summary>The reason given when a timestamp is refused.</summary>
    public const string Requirement = "must be an RFC 3339 date-time with an explicit offset (Z or ±hh:mm), e.g. 2026-11-23T10:00:00Z";

    /// <summary>Parses <paramref name="text"/> when it is an RFC 3339 date-time with an offset; never uses the local zone.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 40 || !Shape().IsMatch(text))
        {
            return false;
        }

        // The offset is explicit, so AssumeUniversal never applies; it is set so that no path can fall back to local time.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
