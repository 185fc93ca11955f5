using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Custody.Attestation.Jwt;

/// <summary>
/// A JWS in compact serialization (RFC 7515 section 7.1): base64url(header) "." base64url(payload) "."
/// base64url(signature). Parsing is strict: exactly three segments, strict base64url, header and payload
/// each a single JSON object without duplicate member names (RFC 7515 section 5.2 allows rejecting them;
/// we always do), no trailing data.
/// </summary>
public sealed class JwsToken : IDisposable
{
    /// <summary>Longest accepted token; Confidential Space tokens are a few kilobytes.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    private readonly JsonDocument _header;
    private readonly JsonDocument _payload;
    private readonly byte[] _signature;
    private readonly byte[] _signingInput;

    private JwsToken(JsonDocument header, JsonDocument payload, byte[] signature, byte[] signingInput)
    {
        _header = header;
        _payload = payload;
        _signature = signature;
        _signingInput = signingInput;
    }

    public JsonElement HeaderElement => _header.RootElement;

    public JsonElement Claims => _payload.RootElement;

    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>ASCII(base64url(header) "." base64url(payload)), the bytes the signature covers.</summary>
    public ReadOnlySpan<byte> SigningInput => _signingInput;

    /// <summary>The header's <c>alg</c> when it is a string, else null.</summary>
    public string? Algorithm => HeaderString("alg");

    public string? KeyId => HeaderString("kid");

    public static bool TryParse(string? token, [NotNullWhen(true)] out JwsToken? jws, out string? error)
    {
        jws = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            error = $"the token is empty or longer than {MaxLength} characters";
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "a JWS compact token has exactly three dot-separated segments";
            return false;
        }

        if (!StrictBase64Url.TryDecode(parts[0], out var headerBytes) ||
            !StrictBase64Url.TryDecode(parts[1], out var payloadBytes) ||
            !StrictBase64Url.TryDecode(parts[2], out var signature))
        {
            error = "a segment is not strict base64url (unpadded, URL alphabet, canonical)";
            return false;
        }

        var header = TryParseObject(headerBytes, "header", out error);
        if (header is null)
        {
            return false;
        }

        var payload = TryParseObject(payloadBytes, "payload", out error);
        if (payload is null)
        {
            header.Dispose();
            return false;
        }

        jws = new JwsToken(header, payload, signature, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        return true;
    }

    public void Dispose()
    {
        _header.Dispose();
        _payload.Dispose();
    }

    private string? HeaderString(string name) =>
        HeaderElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument? TryParseObject(byte[] utf8, string what, out string? error)
    {
        error = null;
        try
        {
            var document = JsonDocument.Parse(utf8, StrictJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            error = $"the {what} is not a JSON object";
            return null;
        }
        catch (JsonException e)
        {
            error = $"the {what} is not strict JSON (duplicate members are refused): {e.Message}";
            return null;
        }
    }
}
