using System.Security.Cryptography;
using System.Text.Json;
using Custody.Attestation.Jwt;

namespace Custody.Attestation.Verification;

/// <summary>
/// The issuer's JWKS, found by OpenID Connect discovery (OpenID Connect Discovery 1.0 section 4:
/// GET {issuer}/.well-known/openid-configuration, whose "issuer" must equal the configured issuer and whose
/// "jwks_uri" names the key set). Keys are cached; an unknown kid triggers a refresh, at most once per
/// <see cref="MinRefreshInterval"/> so that tokens with random kids cannot make us hammer the issuer, and the
/// cache is refreshed anyway after <see cref="MaxAge"/>.
/// </summary>
public sealed class OidcSigningKeySource : ISigningKeySource, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _issuer;
    private readonly bool _requireHttps;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyDictionary<string, RsaSigningKey> _keys = new Dictionary<string, RsaSigningKey>();
    private DateTimeOffset? _fetchedAt;

    /// <param name="http">Client used for discovery and the JWKS; the caller owns it.</param>
    /// <param name="issuer">The trusted issuer URL.</param>
    /// <param name="environmentName">Production requires https for discovery and the JWKS.</param>
    public OidcSigningKeySource(HttpClient http, string issuer, string? environmentName, TimeProvider? time = null)
    {
        _http = http;
        _issuer = issuer.TrimEnd('/');
        _requireHttps = AttestationEnvironment.IsProduction(environmentName);
        _time = time ?? TimeProvider.System;
        if (_requireHttps && !issuer.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("In production the issuer must be an https URL.");
        }
    }

    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many times the JWKS was fetched (for tests and metrics).</summary>
    public int FetchCount { get; private set; }

    public async ValueTask<RsaSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var fresh = _fetchedAt is { } at && now - at < MaxAge;
        if (fresh && _keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while we waited.
            if (_keys.TryGetValue(keyId, out key) && _fetchedAt is { } t && _time.GetUtcNow() - t < MaxAge)
            {
                return key;
            }

            if (_fetchedAt is { } last && _time.GetUtcNow() - last < MinRefreshInterval && fresh)
            {
                return null;
            }

            _keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _fetchedAt = _time.GetUtcNow();
            FetchCount++;
            return _keys.GetValueOrDefault(keyId);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<IReadOnlyDictionary<string, RsaSigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var discovery = await _http.GetByteArrayAsync(new Uri(_issuer + "/.well-known/openid-configuration"), cancellationToken).ConfigureAwait(false);
        string jwksUri;
        using (var document = JsonDocument.Parse(discovery, new JsonDocumentOptions { AllowDuplicateProperties = false }))
        {
            var root = document.RootElement;
            var issuer = root.TryGetProperty("issuer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (issuer?.TrimEnd('/') != _issuer)
            {
                throw new CryptographicException($"OIDC discovery names issuer {issuer}, expected {_issuer}.");
            }

            jwksUri = root.TryGetProperty("jwks_uri", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()! : "";
        }

        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var uri) || (_requireHttps && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CryptographicException($"OIDC discovery has no usable jwks_uri ({(_requireHttps ? "https required" : "absolute URL required")}).");
        }

        var jwks = await _http.GetByteArrayAsync(uri, cancellationToken).ConfigureAwait(false);
        return JsonWebKeySet.ParseRs256Keys(jwks);
    }
}
