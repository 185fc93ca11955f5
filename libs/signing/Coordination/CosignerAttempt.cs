namespace Custody.Signing.Coordination;

/// <summary>
/// What happened with one co-signer in one attempt of a signing session (docs/signing.md "Coordination"), kept
/// with the request so an operator sees why another co-signer was used: it refused (with its codes), was
/// unreachable, failed, or was blamed by a protocol check (a provable cheat when <see cref="Provable"/>).
/// </summary>
public sealed record CosignerAttempt(string Party, CosignerOutcome Outcome, string Detail, bool Provable = false)
{
    public override string ToString() => $"{Party}: {Outcome.ToString().ToLowerInvariant()} ({Detail})";
}

public enum CosignerOutcome
{
    Refused,
    Unreachable,
    Failed,
    Blamed,
}

/// <summary>No signing set could be completed: every attempt is listed.</summary>
public sealed class SigningUnavailableException : Exception
{
    public SigningUnavailableException(string message, IReadOnlyList<CosignerAttempt> attempts)
        : base(message) => Attempts = attempts;

    public SigningUnavailableException()
        : this("no signing set could be completed", [])
    {
    }

    public SigningUnavailableException(string message)
        : this(message, [])
    {
    }

    public SigningUnavailableException(string message, Exception innerException)
        : base(message, innerException) => Attempts = [];

    public IReadOnlyList<CosignerAttempt> Attempts { get; }
}

/// <summary>The signer's own checks refused the request: no co-signer is asked (a permanent outcome for this request).</summary>
public sealed class SigningRefusedException : Exception
{
    public SigningRefusedException(string message, IReadOnlyList<Admission.AdmissionRefusal> refusals)
        : base(message) => Refusals = refusals;

    public SigningRefusedException()
        : this("the signer refused", [])
    {
    }

    public SigningRefusedException(string message)
        : this(message, [])
    {
    }

    public SigningRefusedException(string message, Exception innerException)
        : base(message, innerException) => Refusals = [];

    public IReadOnlyList<Admission.AdmissionRefusal> Refusals { get; }
}
