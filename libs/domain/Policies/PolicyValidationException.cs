namespace Custody.Domain.Policies;

/// <summary>An invalid policy file. The message lists every problem as "path: reason".</summary>
public sealed class PolicyValidationException : FormatException
{
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base("Invalid policy: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public PolicyValidationException()
        : this([])
    {
    }

    public PolicyValidationException(string message)
        : base(message)
    {
        Errors = [new PolicyError("$", message)];
    }

    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new PolicyError("$", message)];
    }

    public IReadOnlyList<PolicyError> Errors { get; }
}
