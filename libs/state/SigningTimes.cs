namespace Custody.State;

/// <summary>
/// Milliseconds a request's signing spent, as the signer's coordinator measured them (docs/signing.md
/// "Coordination"): checks before any MPC round, its own computation in the DKLs23 sessions, and waiting for the
/// co-signers' messages (relay and their computation).
/// </summary>
public sealed record SigningTimes(double ChecksMs, double ComputeMs, double RelayMs);
