using Custody.Attestation.Dev;
using Custody.Attestation.Verification;

namespace Custody.Attestation.Tests;

public sealed class when_the_issuer_rotates_its_key
{
    [Fact]
    public async Task an_unknown_kid_refreshes_the_jwks_and_the_new_key_verifies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await DevAttestationIssuer.StartAsync(new() { EnvironmentName = "Development", Profile = new() { ImageDigest = DevIssuerFixture.ImageDigest } }, ct);
        using var http = new HttpClient();
        using var keys = new OidcSigningKeySource(http, issuer.Issuer, "Development") { MinRefreshInterval = TimeSpan.Zero };
        var verifier = new AttestationVerifier(DevIssuerFixture.Options(issuer.Issuer), keys);

        Assert.True((await verifier.VerifyAsync(issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]), DevIssuerFixture.Nonce, ct)).IsValid);
        Assert.Equal(1, keys.FetchCount);

        issuer.RotateKey();
        var result = await verifier.VerifyAsync(issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]), DevIssuerFixture.Nonce, ct);

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Equal(2, keys.FetchCount);
    }

    [Fact]
    public async Task unknown_kids_do_not_refetch_more_than_once_per_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await DevAttestationIssuer.StartAsync(new() { EnvironmentName = "Development" }, ct);
        using var http = new HttpClient();
        using var keys = new OidcSigningKeySource(http, issuer.Issuer, "Development") { MinRefreshInterval = TimeSpan.FromHours(1) };

        Assert.NotNull(await keys.FindAsync(issuer.CurrentKeyId, ct));
        Assert.Null(await keys.FindAsync("random-1", ct));
        Assert.Null(await keys.FindAsync("random-2", ct));
        Assert.Equal(1, keys.FetchCount);
    }
}
