using Custody.Attestation.Dev;
using Custody.Attestation.Verification;

namespace Custody.Attestation.Tests;

public sealed class when_production_meets_the_dev_issuer
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData(null)]
    public async Task the_dev_issuer_refuses_to_start_outside_development(string? environment) =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions { EnvironmentName = environment }, TestContext.Current.CancellationToken));

    [Fact]
    public void a_production_verifier_refuses_any_issuer_but_googles()
    {
        var options = DevIssuerFixture.Options("http://127.0.0.1:5999");
        options.EnvironmentName = "Production";
        var error = Assert.Throws<InvalidOperationException>(() => new AttestationVerifier(options, new NoKeys()));
        Assert.Contains(ConfidentialSpace.GoogleIssuer, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_verifier_with_no_environment_is_production()
    {
        var options = DevIssuerFixture.Options("http://127.0.0.1:5999");
        options.EnvironmentName = null;
        Assert.Throws<InvalidOperationException>(() => new AttestationVerifier(options, new NoKeys()));
    }

    [Fact]
    public void a_production_verifier_trusting_google_is_accepted()
    {
        var options = DevIssuerFixture.Options(ConfidentialSpace.GoogleIssuer);
        options.EnvironmentName = "Production";
        _ = new AttestationVerifier(options, new NoKeys());
    }

    [Fact]
    public void production_key_discovery_requires_https()
    {
        using var http = new HttpClient();
        Assert.Throws<InvalidOperationException>(() => new OidcSigningKeySource(http, "http://127.0.0.1:5999", "Production"));
    }

    [Fact]
    public void a_verifier_without_an_image_allow_list_is_refused()
    {
        var options = new AttestationVerifierOptions { EnvironmentName = "Development", Issuer = "http://127.0.0.1:1", Audience = "a" };
        Assert.Throws<InvalidOperationException>(() => new AttestationVerifier(options, new NoKeys()));
    }

    private sealed class NoKeys : ISigningKeySource
    {
        public ValueTask<Jwt.RsaSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult<Jwt.RsaSigningKey?>(null);
    }
}
