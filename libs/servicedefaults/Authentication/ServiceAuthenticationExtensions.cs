using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Custody.Attestation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Custody.ServiceDefaults.Authentication;

/// <summary>
/// Bearer authentication and role authorization for every service's HTTP API (docs/auth.md): OIDC ID tokens
/// (RS256/ES256 signatures checked against the issuer's JWKS from its discovery document; iss, aud, exp, nbf
/// checked), roles from a configured claim, one authorization policy per role, and RFC 9457 Problem Details for
/// 401 and 403.
/// </summary>
public static class ServiceAuthenticationExtensions
{
    /// <summary>The claim every authenticated caller carries: the value of the configured owner claim.</summary>
    public const string OwnerClaimType = "custody:owner";

    public static TBuilder AddServiceAuthentication<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var production = AttestationEnvironment.IsProduction(builder.Environment.EnvironmentName);
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<ServiceAuthenticationOptions>()
            .BindConfiguration(ServiceAuthenticationOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IsAcceptableAuthority(o.Authority, production),
                production
                    ? "Authentication:Authority must be an absolute https URL in production."
                    : "Authentication:Authority must be an absolute https URL, or http on a loopback address for local runs and tests.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ServiceAuthenticationOptions>>((jwt, configured) => Configure(jwt, configured.Value, production));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ServiceRoles.UpstreamApp, p => p.RequireAuthenticatedUser().RequireRole(ServiceRoles.UpstreamApp))
            .AddPolicy(ServiceRoles.Approver, p => p.RequireAuthenticatedUser().RequireRole(ServiceRoles.Approver))
            .AddPolicy(ServiceRoles.Operator, p => p.RequireAuthenticatedUser().RequireRole(ServiceRoles.Operator));
        return builder;
    }

    /// <summary>The caller's owner id (see <see cref="ServiceAuthenticationOptions.OwnerClaim"/>).</summary>
    public static string GetOwner(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(OwnerClaimType)?.Value ?? throw new InvalidOperationException("The caller is not authenticated.");
    }

    internal static bool IsAcceptableAuthority(string? authority, bool production)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (!production && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    private static void Configure(JwtBearerOptions jwt, ServiceAuthenticationOptions options, bool production)
    {
        jwt.Authority = options.Authority;
        jwt.Audience = options.Audience;
        jwt.RequireHttpsMetadata = production || !Uri.TryCreate(options.Authority, UriKind.Absolute, out var uri) || !uri.IsLoopback;
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        var parameters = jwt.TokenValidationParameters;
        parameters.ValidIssuer = options.Authority;
        parameters.ValidateIssuer = true;
        parameters.ValidAudience = options.Audience;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateIssuerSigningKey = true;
        parameters.ClockSkew = options.ClockSkew;
        parameters.ValidAlgorithms = ["RS256", "ES256"];
        parameters.RoleClaimType = options.RoleClaim;
        parameters.NameClaimType = options.OwnerClaim;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var owner = context.Principal?.FindFirst(options.OwnerClaim)?.Value;
                if (string.IsNullOrWhiteSpace(owner) || owner.Length > 256 || owner.Any(char.IsControl))
                {
                    context.Fail($"The token has no usable {options.OwnerClaim} claim.");
                    return Task.CompletedTask;
                }

                context.Principal!.Identities.First().AddClaim(new Claim(OwnerClaimType, owner));
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
                    "A valid bearer token (an OIDC ID token from the configured issuer) is required.").ConfigureAwait(false);
            },
            OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                "The caller's roles do not allow this operation."),
        };
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = $"https://httpwg.org/specs/rfc9110.html#status.{status}" },
        }).ConfigureAwait(false);
    }
}
