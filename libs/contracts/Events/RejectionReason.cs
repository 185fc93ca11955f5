namespace Custody.Contracts.Events;

/// <summary>
/// One machine-readable reason a request is refused: the JSON path of the field (<c>$</c> for the whole
/// request), a stable code (see docs/intake.md, "Reasons") and a human-readable message that never quotes
/// the submitted value.
/// </summary>
public sealed record RejectionReason(string Path, string Code, string Message)
{
    /// <summary>"path: code: message", the one-line form for logs, CLIs and <see cref="TransactionRejected.Reasons"/>.</summary>
    public override string ToString() => $"{Path}: {Code}: {Message}";
}
