namespace Custody.Domain.Signing;

/// <summary>Why a signing party will not sign: a stable <see cref="Code"/> (<see cref="SigningRefusalCodes"/>) and a detail for the log and audit.</summary>
public sealed record SigningRefusal(string Code, string Detail)
{
    public override string ToString() => $"{Code}: {Detail}";
}
