namespace Custody.Attestation;

/// <summary>
/// Whether the host runs in production. Anything not explicitly a development or test environment is
/// production: an unset environment name counts as production (as in .NET hosting), so a forgotten setting
/// never enables the dev issuer.
/// </summary>
public static class AttestationEnvironment
{
    public static bool IsProduction(string? environmentName) =>
        !(string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase) ||
          string.Equals(environmentName, "Test", StringComparison.OrdinalIgnoreCase) ||
          string.Equals(environmentName, "Testing", StringComparison.OrdinalIgnoreCase) ||
          string.Equals(environmentName, "Local", StringComparison.OrdinalIgnoreCase));
}
