using System.Diagnostics;
using Custody.Ethereum.Transactions;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.State;

namespace Custody.Signer.Signing;

/// <summary>
/// One signing through the coordinator (docs/signing.md "Coordination"), for an approved request and for a fee
/// replacement alike: the session is measured, and its end sorted into signed, or refused for good (the signer's own
/// refusal, or every co-signer asked refused). No co-signer available now is transient:
/// <see cref="SigningUnavailableException"/> reaches the caller, whose delivery is then retried.
/// </summary>
public sealed class SessionRunner(SigningCoordinator coordinator, SignerTelemetry telemetry)
{
    /// <summary>Signed (<see cref="Result"/> and <see cref="Times"/>) or refused (<see cref="Refusal"/>).</summary>
    public sealed record Outcome(SigningCoordinator.Result? Result, SigningTimes? Times, string? Refusal);

    public async Task<Outcome> SignAsync(string walletId, string approvedEventJson, DynamicFeeTransaction transaction, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await coordinator.SignAsync(walletId, approvedEventJson, UnsignedTransaction.Of(transaction), ct).ConfigureAwait(false);
            telemetry.Session(Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Attempts.Count, result.Timings);
            var times = new SigningTimes(result.Timings.Checks.TotalMilliseconds, result.Timings.Compute.TotalMilliseconds, result.Timings.Relay.TotalMilliseconds);
            return new(result, times, null);
        }
        catch (SigningRefusedException e)
        {
            return new(null, null, e.Message);
        }
        catch (SigningUnavailableException e) when (e.Attempts.Count > 0 && e.Attempts.All(a => a.Outcome == CosignerOutcome.Refused))
        {
            return new(null, null, e.Message);
        }
    }
}
