using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// What a run does once Protocol 3.6 has reached the message-dependent step (after round 2's checks): normal signing
/// continues with round 3 for its message; presigning outputs a presignature share. This is the one place the two
/// paths differ; rounds 0-2 are the same code.
/// </summary>
internal delegate RoundOutcome<TOutput> SigningFinish<TOutput>(SignState state, PresignedValues values);
