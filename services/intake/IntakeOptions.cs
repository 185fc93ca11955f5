using System.ComponentModel.DataAnnotations;

namespace Custody.Intake;

/// <summary>The intake service's settings, section <c>Intake</c> (docs/intake.md, "Configuration").</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>Largest accepted request body on HTTP and on Pub/Sub, in bytes (a request with the largest calldata, 128 KiB, is about 263 KB of JSON).</summary>
    [Range(1_024, 4_194_304)]
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>How far in the future a request's requestedAt may lie (clock skew between the upstream app and intake).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Handlers running at once on the transaction-requested subscription.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentHandlers { get; set; } = 64;
}
