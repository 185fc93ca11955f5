using System.ComponentModel.DataAnnotations;

namespace Custody.ServiceDefaults.Authentication;

/// <summary>
/// How a service verifies bearer tokens (section <c>Authentication</c>, docs/auth.md): OIDC ID tokens signed by
/// <see cref="Authority"/>'s keys (its discovery document names the JWKS), for <see cref="Audience"/>.
/// </summary>
public sealed class ServiceAuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary>The issuer URL (the tokens' <c>iss</c>); discovery is at <c>{Authority}/.well-known/openid-configuration</c>. https in production.</summary>
    [Required]
    public string Authority { get; set; } = "";

    /// <summary>The audience the tokens must name (<c>aud</c>), e.g. the service's URL or client id.</summary>
    [Required]
    public string Audience { get; set; } = "";

    /// <summary>The claim holding the caller's roles (a string or an array of strings).</summary>
    [Required]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that identifies the caller, recorded as a request's owner (e.g. <c>sub</c>, <c>azp</c> or <c>client_id</c>).</summary>
    [Required]
    public string OwnerClaim { get; set; } = "sub";

    /// <summary>Tolerated clock difference for exp/nbf.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
