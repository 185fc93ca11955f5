namespace Custody.Signing.Coordination;

/// <summary>How long the signer waits on co-signers (docs/signing.md "Coordination").</summary>
/// <param name="RequestTimeout">For a challenge and for an admission answer.</param>
/// <param name="SessionTimeout">For a whole MPC session once every co-signer admitted it.</param>
public sealed record CoordinatorSettings(TimeSpan RequestTimeout, TimeSpan SessionTimeout)
{
    public static CoordinatorSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
}
