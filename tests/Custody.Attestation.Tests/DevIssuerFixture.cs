using Custody.Attestation.Dev;
using Custody.Attestation.Verification;

namespace Custody.Attestation.Tests;

/// <summary>A dev issuer on loopback plus a verifier that trusts it, as a co-signer would in a local run.</summary>
public sealed class DevIssuerFixture : IAsyncLifetime
{
    public const string Audience = "custody-cosigner-a";
    public const string Session = "session-42";

    public static readonly string ImageDigest = "sha256:" + new string('a', 64);

    public DevAttestationIssuer Issuer { get; private set; } = null!;

    public OidcSigningKeySource Keys { get; private set; } = null!;

    public AttestationVerifier Verifier { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public static string Nonce => SessionNonce.For(Session);

    public async ValueTask InitializeAsync()
    {
        Issuer = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions
        {
            EnvironmentName = "Development",
            Profile = new DevTokenProfile { ImageDigest = ImageDigest },
        });
        Keys = new OidcSigningKeySource(Http, Issuer.Issuer, "Development");
        Verifier = new AttestationVerifier(Options(Issuer.Issuer), Keys);
    }

    public static AttestationVerifierOptions Options(string issuer) => new()
    {
        EnvironmentName = "Development",
        Issuer = issuer,
        Audience = Audience,
        AllowedImageDigests = [ImageDigest],
    };

    public async ValueTask DisposeAsync()
    {
        Keys.Dispose();
        Http.Dispose();
        await Issuer.DisposeAsync();
    }
}
