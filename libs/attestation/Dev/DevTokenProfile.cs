namespace Custody.Attestation.Dev;

/// <summary>
/// The platform claims the dev issuer puts into tokens; the defaults describe a production-like
/// Confidential Space workload so that a dev token passes the same checks as a real one.
/// </summary>
public sealed record DevTokenProfile
{
    /// <summary>The signer image digest of the local stack (tools/apphost, `custody bench signing`): its dev tokens claim it, its co-signers allow it.</summary>
    public const string LocalImageDigest = "sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";

    public string ImageDigest { get; init; } = "sha256:" + new string('0', 64);

    public string ImageReference { get; init; } = "localhost/custody-signer:dev";

    public string SoftwareName { get; init; } = ConfidentialSpace.SoftwareName;

    public string DebugStatus { get; init; } = ConfidentialSpace.DebugDisabled;

    public IReadOnlyList<string> SupportAttributes { get; init; } = ["LATEST", "STABLE", "USABLE"];

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);
}
