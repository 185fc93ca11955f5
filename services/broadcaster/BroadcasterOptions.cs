using System.ComponentModel.DataAnnotations;

namespace Custody.Broadcaster;

/// <summary>The broadcaster's settings. Section <c>Broadcaster</c> (docs/broadcaster.md "Configuration"); validated at start.</summary>
public sealed class BroadcasterOptions
{
    public const string SectionName = "Broadcaster";

    /// <summary>The Ethereum node's JSON-RPC URL: submission, receipts, blocks.</summary>
    [Required]
    [Url]
    public string NodeUrl { get; set; } = "";

    /// <summary>The chain the node must serve; transaction-signed events for any other chain are dead-lettered.</summary>
    [Range(1, ulong.MaxValue)]
    public ulong ChainId { get; set; }

    /// <summary>A folder of policy files (by id), for the fee cap a replacement must stay under.</summary>
    [Required]
    public string PolicyDirectory { get; set; } = "";

    /// <summary>Blocks on top of and including the inclusion block before a transaction counts as confirmed.</summary>
    [Range(1, 1000)]
    public int Confirmations { get; set; } = 12;

    /// <summary>How often each tracked transaction's receipt is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A transaction with no receipt this long after submission gets a replacement requested (and again after each further period).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan ReplaceAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The fee increase of a replacement, percent. Nodes refuse replacements below +10 % (geth's txpool price bump).</summary>
    [Range(10.0, 1000.0)]
    public double FeeBumpPercent { get; set; } = 12.5;

    /// <summary>Tracked transactions looked at per poll.</summary>
    [Range(1, 1000)]
    public int TrackBatchSize { get; set; } = 100;
}
