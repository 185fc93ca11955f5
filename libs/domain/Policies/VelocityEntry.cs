using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>A past outflow the caller counts toward velocity (for example, approved or signed requests).</summary>
public sealed record VelocityEntry(string RequestId, string WalletId, Asset Asset, UInt256 Amount, DateTimeOffset At);
