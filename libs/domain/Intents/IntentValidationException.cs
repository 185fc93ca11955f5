namespace Custody.Domain.Intents;

/// <summary>A request from which no intent can be derived; <see cref="Errors"/> lists every "path: reason".</summary>
public sealed class IntentValidationException : FormatException
{
    public IntentValidationException(IReadOnlyList<string> errors)
        : base("Invalid transaction request: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IntentValidationException()
        : this([])
    {
    }

    public IntentValidationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public IntentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
