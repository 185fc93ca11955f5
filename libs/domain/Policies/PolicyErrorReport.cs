namespace Custody.Domain.Policies;

/// <summary>How an invalid policy file is reported, the same everywhere (`custody policy check`, the policy service at start).</summary>
public static class PolicyErrorReport
{
    public static string Format(string fileName, IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"invalid policy {fileName}:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));
    }
}
