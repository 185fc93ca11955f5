using Custody.Attestation.Client;
using Custody.Attestation.Dev;
using Custody.Attestation.Verification;

namespace Custody.Attestation.Tests;

public sealed class when_the_signer_asks_the_launcher_for_a_token : IAsyncLifetime
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"cs-{Guid.NewGuid():N}"[..14] + ".sock");
    private DevAttestationIssuer _launcher = null!;

    public async ValueTask InitializeAsync() =>
        _launcher = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions
        {
            EnvironmentName = "Development",
            LauncherSocketPath = _socket,
            Profile = new DevTokenProfile { ImageDigest = DevIssuerFixture.ImageDigest },
        });

    public async ValueTask DisposeAsync()
    {
        await _launcher.DisposeAsync();
        File.Delete(_socket);
    }

    [Fact]
    public async Task the_token_from_the_unix_socket_verifies_with_the_session_nonce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new ConfidentialSpaceTokenClient(_socket);
        var token = await client.GetTokenAsync(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce], ct);

        using var http = new HttpClient();
        using var keys = new OidcSigningKeySource(http, _launcher.Issuer, "Development");
        var result = await new AttestationVerifier(DevIssuerFixture.Options(_launcher.Issuer), keys).VerifyAsync(token, DevIssuerFixture.Nonce, ct);
        Assert.True(result.IsValid, string.Join("; ", result.Failures));
    }

    [Fact]
    public async Task a_token_for_another_session_does_not_verify()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new ConfidentialSpaceTokenClient(_socket);
        var token = await client.GetTokenAsync(DevIssuerFixture.Audience, [SessionNonce.For("other-session")], ct);

        using var http = new HttpClient();
        using var keys = new OidcSigningKeySource(http, _launcher.Issuer, "Development");
        var result = await new AttestationVerifier(DevIssuerFixture.Options(_launcher.Issuer), keys).VerifyAsync(token, DevIssuerFixture.Nonce, ct);
        Assert.True(result.Has(AttestationFailureReason.NonceMismatch));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("seven")]
    [InlineData("none")]
    public async Task requests_outside_the_launchers_limits_are_refused_before_sending(string defect)
    {
        using var client = new ConfidentialSpaceTokenClient(_socket);
        string[] nonces = defect switch
        {
            "short" => ["1234567"],
            "seven" => [.. Enumerable.Range(0, 7).Select(i => $"nonce-{i:D4}")],
            _ => [],
        };
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTokenAsync(DevIssuerFixture.Audience, nonces, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_missing_launcher_socket_is_an_error_not_a_token()
    {
        using var client = new ConfidentialSpaceTokenClient(_socket + ".absent");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetTokenAsync(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce], TestContext.Current.CancellationToken));
    }
}
