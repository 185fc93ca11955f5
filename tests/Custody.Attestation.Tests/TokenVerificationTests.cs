using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Custody.Attestation.Jwt;
using Custody.Attestation.Verification;
using R = Custody.Attestation.Verification.AttestationFailureReason;

namespace Custody.Attestation.Tests;

public sealed class when_a_cosigner_verifies_the_signers_attestation(DevIssuerFixture fixture) : IClassFixture<DevIssuerFixture>
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private JsonObject Claims() => fixture.Issuer.CreateClaims(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]);

    private async Task<AttestationResult> Verify(string token) =>
        await fixture.Verifier.VerifyAsync(token, DevIssuerFixture.Nonce, TestContext.Current.CancellationToken);

    private async Task<AttestationResult> VerifyClaims(Action<JsonObject> change)
    {
        var claims = Claims();
        change(claims);
        return await Verify(fixture.Issuer.Sign(claims));
    }

    [Fact]
    public async Task a_token_with_the_expected_claims_is_accepted()
    {
        var result = await Verify(fixture.Issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]));
        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Equal(DevIssuerFixture.ImageDigest, result.ImageDigest);
    }

    public static TheoryData<string, R> ViolatedClaims() => new()
    {
        { "iss", R.WrongIssuer },
        { "aud", R.WrongAudience },
        { "exp", R.Expired },
        { "nbf", R.NotYetValid },
        { "iat", R.NotYetValid },
        { "swname", R.WrongSoftware },
        { "dbgstat", R.DebugEnabled },
        { "support_attributes", R.NotStable },
        { "image_digest", R.ImageNotAllowed },
        { "eat_nonce", R.NonceMismatch },
        { "eat_nonce_extra", R.NonceMismatch },
    };

    [Theory]
    [MemberData(nameof(ViolatedClaims))]
    public async Task a_token_violating_one_claim_is_refused_for_that_reason(string claim, R reason)
    {
        var result = await VerifyClaims(c =>
        {
            switch (claim)
            {
                case "iss": c["iss"] = "https://confidentialcomputing.googleapis.com"; break;
                case "aud": c["aud"] = "custody-cosigner-b"; break;
                case "exp": c["exp"] = Now - 31 - 30; break;
                case "nbf": c["nbf"] = Now + 120; break;
                case "iat": c["iat"] = Now + 120; break;
                case "swname": c["swname"] = "GCE"; break;
                case "dbgstat": c["dbgstat"] = "enabled"; break;
                case "support_attributes": c["submods"]!["confidential_space"]!["support_attributes"] = new JsonArray("LATEST", "USABLE"); break;
                case "image_digest": c["submods"]!["container"]!["image_digest"] = "sha256:" + new string('b', 64); break;
                case "eat_nonce": c["eat_nonce"] = SessionNonce.For("another-session"); break;
                case "eat_nonce_extra": c["eat_nonce"] = new JsonArray(DevIssuerFixture.Nonce, SessionNonce.For("x")); break;
                default: throw new ArgumentOutOfRangeException(nameof(claim));
            }
        });
        var failure = Assert.Single(result.Failures);
        Assert.Equal(reason, failure.Reason);
    }

    [Fact]
    public async Task a_debug_image_without_support_attributes_is_not_stable() =>
        Assert.Contains((await VerifyClaims(c =>
        {
            c["dbgstat"] = "enabled";
            c["submods"]!["confidential_space"]!.AsObject().Remove("support_attributes");
        })).Failures, f => f.Reason == R.NotStable);

    [Fact]
    public async Task expiry_within_the_clock_skew_is_tolerated() =>
        Assert.True((await VerifyClaims(c => c["exp"] = Now - 5)).IsValid);

    [Fact]
    public async Task a_nonce_in_a_one_element_array_is_accepted() =>
        Assert.True((await VerifyClaims(c => c["eat_nonce"] = new JsonArray(DevIssuerFixture.Nonce))).IsValid);

    [Theory]
    [InlineData("iss")]
    [InlineData("aud")]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    [InlineData("swname")]
    [InlineData("dbgstat")]
    [InlineData("eat_nonce")]
    [InlineData("submods")]
    public async Task a_token_missing_a_required_claim_is_refused(string claim) =>
        Assert.Contains((await VerifyClaims(c => c.Remove(claim))).Failures, f => f.Reason == R.MissingClaim && f.Detail.StartsWith(claim, StringComparison.Ordinal));

    [Fact]
    public async Task a_duplicated_claim_is_refused_even_when_signed()
    {
        var json = Claims().ToJsonString();
        var duplicated = json.Insert(json.Length - 1, ",\"aud\":\"custody-cosigner-a\"");
        Assert.Equal(R.Malformed, Assert.Single((await Verify(fixture.Issuer.SignRaw(duplicated))).Failures).Reason);
    }

    [Fact]
    public async Task an_unsigned_alg_none_token_is_refused()
    {
        var token = Segment("""{"alg":"none","typ":"JWT"}""") + "." + Segment(Claims().ToJsonString()) + ".";
        Assert.Equal(R.UnsupportedAlgorithm, Assert.Single((await Verify(token)).Failures).Reason);
    }

    [Fact]
    public async Task an_hs256_token_keyed_with_the_issuers_public_key_is_refused()
    {
        // The classic confusion attack: HMAC keyed with the RSA public key everybody can fetch.
        var jwks = JsonNode.Parse(fixture.Issuer.Jwks())!["keys"]![0]!;
        var header = Segment($$"""{"alg":"HS256","kid":"{{jwks["kid"]}}","typ":"JWT"}""");
        var input = header + "." + Segment(Claims().ToJsonString());
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(jwks.ToJsonString()), Encoding.ASCII.GetBytes(input));
        Assert.Equal(R.UnsupportedAlgorithm, Assert.Single((await Verify(input + "." + StrictBase64Url.Encode(mac))).Failures).Reason);
    }

    [Fact]
    public async Task a_token_signed_by_an_unknown_key_is_refused()
    {
        using var stranger = RSA.Create(2048);
        var input = Segment("""{"alg":"RS256","kid":"stranger-key","typ":"JWT"}""") + "." + Segment(Claims().ToJsonString());
        var signature = stranger.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.Equal(R.UnknownKey, Assert.Single((await Verify(input + "." + StrictBase64Url.Encode(signature))).Failures).Reason);
    }

    [Fact]
    public async Task a_token_signed_by_another_key_under_the_issuers_kid_is_a_bad_signature()
    {
        using var stranger = RSA.Create(2048);
        var input = Segment($$"""{"alg":"RS256","kid":"{{fixture.Issuer.CurrentKeyId}}","typ":"JWT"}""") + "." + Segment(Claims().ToJsonString());
        var signature = stranger.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.Equal(R.BadSignature, Assert.Single((await Verify(input + "." + StrictBase64Url.Encode(signature))).Failures).Reason);
    }

    [Fact]
    public async Task a_changed_payload_breaks_the_signature()
    {
        var parts = fixture.Issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]).Split('.');
        var claims = Claims();
        claims["submods"]!["container"]!["image_digest"] = DevIssuerFixture.ImageDigest;
        claims["sub"] = "someone-else";
        Assert.Equal(R.BadSignature, Assert.Single((await Verify(parts[0] + "." + Segment(claims.ToJsonString()) + "." + parts[2])).Failures).Reason);
    }

    [Theory]
    [InlineData("padding")]
    [InlineData("standard-alphabet")]
    [InlineData("four-segments")]
    [InlineData("whitespace")]
    public async Task a_token_that_is_not_strict_compact_jws_is_malformed(string defect)
    {
        var token = fixture.Issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]);
        var parts = token.Split('.');
        var broken = defect switch
        {
            "padding" => parts[0] + "=." + parts[1] + "." + parts[2],
            "standard-alphabet" => parts[0] + "." + parts[1] + "." + parts[2].Replace('-', '+').Replace('_', '/') + (parts[2].Contains('-') || parts[2].Contains('_') ? "" : "+"),
            "four-segments" => token + ".e30",
            "whitespace" => parts[0] + "." + parts[1] + " ." + parts[2],
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };
        Assert.Equal(R.Malformed, Assert.Single((await Verify(broken)).Failures).Reason);
    }

    [Fact]
    public async Task a_critical_header_parameter_is_refused()
    {
        var token = fixture.Issuer.IssueToken(DevIssuerFixture.Audience, [DevIssuerFixture.Nonce]).Split('.');
        var header = Segment($$"""{"alg":"RS256","kid":"{{fixture.Issuer.CurrentKeyId}}","crit":["exp"]}""");
        Assert.Equal(R.UnsupportedAlgorithm, Assert.Single((await Verify(header + "." + token[1] + "." + token[2])).Failures).Reason);
    }

    private static string Segment(string json) => StrictBase64Url.Encode(Encoding.UTF8.GetBytes(json));
}
