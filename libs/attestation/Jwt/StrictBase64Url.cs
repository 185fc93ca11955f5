using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Custody.Attestation.Jwt;

/// <summary>
/// Strict base64url (RFC 7515 section 2, RFC 4648 section 5): only A-Z a-z 0-9 - _, no padding, no
/// whitespace, and canonical (unused trailing bits are zero), so that every value has exactly one encoding.
/// </summary>
public static class StrictBase64Url
{
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        byte[] decoded;
        try
        {
            decoded = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        // Canonical form: re-encoding must give back the input (rejects non-zero trailing bits).
        if (!string.Equals(Base64Url.EncodeToString(decoded), text, StringComparison.Ordinal))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
