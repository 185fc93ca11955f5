namespace Custody.ServiceDefaults.Authentication;

/// <summary>
/// The roles a caller's token can carry (in the claim named by <see cref="ServiceAuthenticationOptions.RoleClaim"/>)
/// and the authorization policies of the same names (docs/auth.md).
/// </summary>
public static class ServiceRoles
{
    /// <summary>An upstream application: submits requests and reads its own.</summary>
    public const string UpstreamApp = "upstream-app";

    /// <summary>A person who reviews and votes on pending requests.</summary>
    public const string Approver = "approver";

    /// <summary>The institution's custody operator: runs key ceremonies on the signer's admin API.</summary>
    public const string Operator = "custody-operator";
}
