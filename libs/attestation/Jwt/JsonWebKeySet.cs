using System.Security.Cryptography;
using System.Text.Json;

namespace Custody.Attestation.Jwt;

/// <summary>
/// Reads the RS256 signing keys of a JWKS document (RFC 7517 section 5). Keys that are not RSA, are not for
/// signatures (<c>use</c> other than "sig") or name another algorithm are skipped; a malformed RSA key or a
/// repeated <c>kid</c> makes the whole set invalid.
/// </summary>
public static class JsonWebKeySet
{
    public static IReadOnlyDictionary<string, RsaSigningKey> ParseRs256Keys(byte[] json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new CryptographicException("The JWKS has no \"keys\" array.");
        }

        var result = new Dictionary<string, RsaSigningKey>(StringComparer.Ordinal);
        foreach (var key in keys.EnumerateArray())
        {
            if (Text(key, "kty") != "RSA" || (Text(key, "use") ?? "sig") != "sig" || (Text(key, "alg") ?? "RS256") != "RS256")
            {
                continue;
            }

            var kid = Text(key, "kid") ?? throw new CryptographicException("A JWKS RSA key has no kid.");
            if (!StrictBase64Url.TryDecode(Text(key, "n"), out var modulus) || !StrictBase64Url.TryDecode(Text(key, "e"), out var exponent))
            {
                throw new CryptographicException($"JWK {kid}: n and e must be strict base64url.");
            }

            if (!result.TryAdd(kid, new RsaSigningKey(kid, new RSAParameters { Modulus = modulus, Exponent = exponent })))
            {
                throw new CryptographicException($"The JWKS repeats kid {kid}.");
            }
        }

        return result;
    }

    /// <summary>Writes a JWKS with the public parts of <paramref name="keys"/> (used by the dev issuer).</summary>
    public static string Write(IEnumerable<(string KeyId, RSAParameters PublicKey)> keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var (kid, key) in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("kty", "RSA");
                writer.WriteString("use", "sig");
                writer.WriteString("alg", "RS256");
                writer.WriteString("kid", kid);
                writer.WriteString("n", StrictBase64Url.Encode(key.Modulus));
                writer.WriteString("e", StrictBase64Url.Encode(key.Exponent));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
