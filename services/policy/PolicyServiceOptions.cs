using System.ComponentModel.DataAnnotations;

namespace Custody.Policy;

/// <summary>The policy service's settings. Section <c>Policy</c> (README "Running the policy service").</summary>
public sealed class PolicyServiceOptions
{
    public const string SectionName = "Policy";

    /// <summary>The policy file (docs/policy.md); loaded and validated at start, its id logged.</summary>
    [Required]
    public string File { get; set; } = "";

    /// <summary>A folder of approver public keys, one <c>{approverId}.pub.pem</c> each (as `custody approvers keygen` writes them).</summary>
    [Required]
    public string ApproversDirectory { get; set; } = "";

    /// <summary>How the chain's native coin is displayed to approvers.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9.]{1,16}$")]
    public string NativeSymbol { get; set; } = "ETH";

    [Range(0, 77)]
    public int NativeDecimals { get; set; } = 18;

    /// <summary>The token registry: ERC-20 contracts approvers may see, with their symbol and decimals. Unlisted tokens are shown in base units.</summary>
    public List<TokenOptions> Tokens { get; set; } = [];

    /// <summary>How often each instance looks for approval deadlines that have passed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One entry of the token registry.</summary>
public sealed class TokenOptions
{
    /// <summary>The token contract, EIP-55 checksummed.</summary>
    [Required]
    public string Address { get; set; } = "";

    [Required]
    [RegularExpression("^[A-Za-z0-9.]{1,16}$")]
    public string Symbol { get; set; } = "";

    [Range(0, 77)]
    public int Decimals { get; set; }
}
