using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Custody.ServiceDefaults.Tests;

public sealed class when_a_service_requires_bearer_tokens : IAsyncLifetime
{
    private const string Audience = "custody-test";
    private DevIdTokenIssuer _issuer = null!;
    private DevIdTokenIssuer _stranger = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await DevIdTokenIssuer.StartAsync("Test", ct: TestContext.Current.CancellationToken);
        _stranger = await DevIdTokenIssuer.StartAsync("Test", ct: TestContext.Current.CancellationToken);
        _app = await StartAppAsync("Test", _issuer.Issuer);
        _client = _app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
        await _stranger.DisposeAsync();
    }

    [Fact]
    public async Task no_token_is_401_as_problem_details()
    {
        using var response = await _client.GetAsync(new Uri("/approver-only", UriKind.Relative), TestContext.Current.CancellationToken);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task a_token_with_the_wrong_role_is_403_as_problem_details()
    {
        using var response = await GetAsync("/approver-only", _issuer.Issue("app-1", [ServiceRoles.UpstreamApp], Audience));
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_token_with_the_role_passes_and_names_its_owner()
    {
        using var response = await GetAsync("/approver-only", _issuer.Issue("alice", [ServiceRoles.Approver], Audience));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("another issuer's key")]
    [InlineData("wrong audience")]
    [InlineData("expired")]
    [InlineData("no subject")]
    [InlineData("tampered payload")]
    [InlineData("unsigned (alg none)")]
    public async Task a_bad_token_is_401(string kind)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = kind switch
        {
            "another issuer's key" => _stranger.Sign(Claims(_issuer.Issuer, "alice", Audience, now + 600)),
            "wrong audience" => _issuer.Issue("alice", [ServiceRoles.Approver], "someone-else"),
            "expired" => _issuer.Sign(Claims(_issuer.Issuer, "alice", Audience, now - 120)),
            "no subject" => _issuer.Sign(Claims(_issuer.Issuer, null, Audience, now + 600)),
            "tampered payload" => Tamper(_issuer.Issue("app-1", [ServiceRoles.UpstreamApp], Audience)),
            "unsigned (alg none)" => Unsigned(Claims(_issuer.Issuer, "alice", Audience, now + 600)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await GetAsync("/approver-only", token);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task production_refuses_an_http_authority_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync("Production", _issuer.Issuer));
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_dev_issuer_refuses_to_start_in_production()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => DevIdTokenIssuer.StartAsync("Production", ct: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => DevIdTokenIssuer.StartAsync(null, ct: TestContext.Current.CancellationToken));
    }

    private static async Task<WebApplication> StartAppAsync(string environment, string authority)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = authority,
            ["Authentication:Audience"] = Audience,
        });
        builder.AddServiceDefaults();
        builder.AddServiceAuthentication();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/approver-only", (HttpContext context) => context.User.GetOwner()).RequireAuthorization(ServiceRoles.Approver);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }

    private static JsonObject Claims(string issuer, string? subject, string audience, long expires)
    {
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = expires - 3600,
            ["nbf"] = expires - 3600,
            ["exp"] = expires,
            ["roles"] = new JsonArray(ServiceRoles.Approver),
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return claims;
    }

    // Swap the payload for one claiming the approver role, keeping the original signature.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))))!.AsObject();
        payload["roles"] = new JsonArray(ServiceRoles.Approver);
        return parts[0] + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload)) + "." + parts[2];
    }

    private static string Unsigned(JsonObject claims) =>
        Base64Url("""{"alg":"none","typ":"JWT"}"""u8.ToArray()) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims)) + ".";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Pad(string s) => s + new string('=', (4 - (s.Length % 4)) % 4);
}
