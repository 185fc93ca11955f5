namespace Custody.Attestation.Dev;

public sealed class DevAttestationIssuerOptions
{
    /// <summary>Host environment name; the dev issuer refuses to start in production (and when unset).</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>Loopback TCP port for discovery and the JWKS; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>When set, the launcher token API (<c>POST /v1/token</c>) is also served on this unix socket.</summary>
    public string? LauncherSocketPath { get; set; }

    public DevTokenProfile Profile { get; set; } = new();

    public TimeProvider Time { get; set; } = TimeProvider.System;
}
