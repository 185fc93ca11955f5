using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Custody.Attestation.Client;
using Custody.Attestation.Jwt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Attestation.Dev;

/// <summary>
/// A local stand-in for Google's attestation service and the launcher's token API, for local runs and
/// tests: its own RSA-2048 key(s), OIDC discovery and JWKS over loopback HTTP, and optionally
/// <c>POST /v1/token</c> on a unix socket, issuing RS256 tokens with the same claims as Confidential Space.
/// It refuses to start in production; production verifiers refuse its issuer URL.
/// </summary>
public sealed class DevAttestationIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly List<(string KeyId, RSA Key)> _keys = [];
    private readonly Lock _gate = new();

    private DevAttestationIssuer(WebApplication app, DevAttestationIssuerOptions options)
    {
        _app = app;
        _time = options.Time;
        Profile = options.Profile;
        RotateKey();
    }

    /// <summary>http://127.0.0.1:{port}, the value of iss and the base of discovery.</summary>
    public string Issuer { get; private set; } = "";

    public DevTokenProfile Profile { get; set; }

    public string CurrentKeyId
    {
        get
        {
            lock (_gate)
            {
                return _keys[^1].KeyId;
            }
        }
    }

    public static async Task<DevAttestationIssuer> StartAsync(DevAttestationIssuerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (AttestationEnvironment.IsProduction(options.EnvironmentName))
        {
            throw new InvalidOperationException(
                $"The dev attestation issuer does not run in production (environment \"{options.EnvironmentName ?? "(unset)"}\"); " +
                "production uses Google Confidential Space.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.EnvironmentName,
            ApplicationName = typeof(DevAttestationIssuer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            if (options.LauncherSocketPath is { } socket)
            {
                kestrel.ListenUnixSocket(socket);
            }
        });

        var app = builder.Build();
        var issuer = new DevAttestationIssuer(app, options);
        app.MapGet("/.well-known/openid-configuration", issuer.Discovery);
        app.MapGet("/jwks", () => Results.Text(issuer.Jwks(), "application/json"));
        app.MapPost("/v1/token", (Func<HttpContext, Task<IResult>>)issuer.TokenEndpoint);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        issuer.Issuer = addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return issuer;
    }

    /// <summary>Adds a fresh signing key and makes it current; older keys stay in the JWKS.</summary>
    public void RotateKey()
    {
        lock (_gate)
        {
            _keys.Add(("dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), RSA.Create(2048)));
        }
    }

    /// <summary>The claims a Confidential Space token would carry, per <see cref="Profile"/>.</summary>
    public JsonObject CreateClaims(string audience, IReadOnlyList<string> nonces)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var profile = Profile;
        return new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = Issuer,
            ["sub"] = "https://www.googleapis.com/compute/v1/projects/custody-dev/zones/local/instances/signer",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)profile.Lifetime.TotalSeconds,
            ["eat_nonce"] = nonces.Count == 1 ? JsonValue.Create(nonces[0]) : new JsonArray([.. nonces.Select(n => JsonValue.Create(n))]),
            ["eat_profile"] = "https://cloud.google.com/confidential-computing/confidential-space/docs/reference/token-claims",
            ["secboot"] = true,
            ["oemid"] = 11129,
            ["hwmodel"] = "GCP_AMD_SEV",
            ["swname"] = profile.SoftwareName,
            ["swversion"] = new JsonArray("dev"),
            ["dbgstat"] = profile.DebugStatus,
            ["submods"] = new JsonObject
            {
                ["confidential_space"] = new JsonObject
                {
                    ["support_attributes"] = new JsonArray([.. profile.SupportAttributes.Select(a => JsonValue.Create(a))]),
                },
                ["container"] = new JsonObject
                {
                    ["image_reference"] = profile.ImageReference,
                    ["image_digest"] = profile.ImageDigest,
                    ["restart_policy"] = "Never",
                },
                ["gce"] = new JsonObject { ["project_id"] = "custody-dev", ["zone"] = "local", ["instance_name"] = "signer" },
            },
            ["google_service_accounts"] = new JsonArray(),
        };
    }

    public string IssueToken(string audience, IReadOnlyList<string> nonces) => Sign(CreateClaims(audience, nonces));

    public string Sign(JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return SignRaw(claims.ToJsonString());
    }

    /// <summary>Signs an arbitrary payload with the current key (tests use it for malformed claim sets).</summary>
    public string SignRaw(string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        lock (_gate)
        {
            var (kid, key) = _keys[^1];
            var header = $$"""{"alg":"RS256","kid":"{{kid}}","typ":"JWT"}""";
            var signingInput = StrictBase64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + StrictBase64Url.Encode(Encoding.UTF8.GetBytes(payloadJson));
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + StrictBase64Url.Encode(signature);
        }
    }

    public string Jwks()
    {
        lock (_gate)
        {
            return JsonWebKeySet.Write(_keys.Select(k => (k.KeyId, k.Key.ExportParameters(includePrivateParameters: false))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var (_, key) in _keys)
            {
                key.Dispose();
            }
        }
    }

    private IResult Discovery() => Results.Text(
        new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }.ToJsonString(),
        "application/json");

    /// <summary>The launcher's custom-token API: {audience, nonces, token_type: "OIDC"} -> the JWT as text.</summary>
    private async Task<IResult> TokenEndpoint(HttpContext context)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(
                context.Request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false }, context.RequestAborted).ConfigureAwait(false);
            var root = body.RootElement;
            var audience = root.GetProperty("audience").GetString() ?? "";
            var tokenType = root.GetProperty("token_type").GetString();
            var nonces = root.TryGetProperty("nonces", out var n) ? n.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
            if (tokenType != "OIDC")
            {
                return Results.BadRequest("token_type must be OIDC");
            }

            ConfidentialSpaceTokenClient.ValidateRequest(audience, nonces);
            return Results.Text(IssueToken(audience, nonces), "text/plain");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return Results.BadRequest($"invalid token request: {e.Message}");
        }
    }
}
