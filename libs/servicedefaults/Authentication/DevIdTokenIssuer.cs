using System.Text.Json.Nodes;
using Custody.Attestation.Dev;

namespace Custody.ServiceDefaults.Authentication;

/// <summary>
/// A local OIDC issuer for local runs and tests (docs/auth.md): the dev attestation issuer's RS256 keys, JWKS and
/// discovery document on loopback, issuing ID tokens with a subject and roles. Like that issuer it refuses to
/// start in production (any environment other than Development, Local, Test or Testing), and services refuse an
/// http authority in production, so its tokens are never accepted there.
/// </summary>
public sealed class DevIdTokenIssuer : IAsyncDisposable
{
    private readonly DevAttestationIssuer _issuer;
    private readonly TimeProvider _time;

    private DevIdTokenIssuer(DevAttestationIssuer issuer, TimeProvider time)
    {
        _issuer = issuer;
        _time = time;
    }

    /// <summary>http://127.0.0.1:{port}: configure it as <c>Authentication:Authority</c>.</summary>
    public string Issuer => _issuer.Issuer;

    /// <param name="environmentName">The host environment; production refuses to start.</param>
    /// <param name="port">Loopback port; 0 picks a free one.</param>
    public static async Task<DevIdTokenIssuer> StartAsync(string? environmentName, int port = 0, TimeProvider? time = null, CancellationToken ct = default)
    {
        var clock = time ?? TimeProvider.System;
        var issuer = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions { EnvironmentName = environmentName, Port = port, Time = clock }, ct).ConfigureAwait(false);
        return new DevIdTokenIssuer(issuer, clock);
    }

    /// <summary>An ID token for <paramref name="subject"/> with <paramref name="roles"/> (in the <c>roles</c> claim) for <paramref name="audience"/>.</summary>
    public string Issue(string subject, IReadOnlyList<string> roles, string audience, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(roles);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return Sign(new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["azp"] = subject,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds,
            ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
        });
    }

    /// <summary>Signs arbitrary claims with the issuer's current key (tests use it for expired or foreign tokens).</summary>
    public string Sign(JsonObject claims) => _issuer.Sign(claims);

    public ValueTask DisposeAsync() => _issuer.DisposeAsync();
}
