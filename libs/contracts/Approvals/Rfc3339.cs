using System.Globalization;

namespace Custody.Contracts.Approvals;

/// <summary>
/// RFC 3339 timestamps as this project accepts them at its boundaries: the offset must be written (Z or ±hh:mm);
/// a timestamp without one is refused instead of being read in the machine's local time zone.
/// </summary>
public static class Rfc3339
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !HasOffset(text))
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static bool HasOffset(string text) =>
        text[^1] is 'Z' || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
