namespace Custody.Keys.DevFile;

/// <summary>
/// Fail-closed environment check of the dev key file (docs/architecture.md "Keys and signing": dev file key,
/// local only, refused in production): it runs only in an environment explicitly named Development,
/// Local or Test. Production, Staging, an empty or unknown name are all refused.
/// </summary>
public static class DevEnvironmentGuard
{
    private static readonly string[] AllowedEnvironments = ["Development", "Local", "Test"];

    /// <summary>True when the dev key file may be used in <paramref name="environmentName"/>.</summary>
    public static bool IsAllowed(string? environmentName) =>
        environmentName is not null
        && AllowedEnvironments.Contains(environmentName.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="InvalidOperationException"/> unless <see cref="IsAllowed"/>.</summary>
    public static void EnsureAllowed(string? environmentName)
    {
        if (!IsAllowed(environmentName))
        {
            var shown = string.IsNullOrWhiteSpace(environmentName) ? "(not set, which hosting treats as Production)" : $"'{environmentName}'";
            throw new InvalidOperationException(
                $"The dev-file key-encryption provider refuses to start in environment {shown}: it keeps the key-encryption key in a plain file "
                + "and is for local development only (Development, Local or Test). Configure Keys:Provider = kms or pkcs11.");
        }
    }
}
