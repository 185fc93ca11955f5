using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// The most a policy lets a signing party pay for gas on one chain (docs/policy.md "Fee caps"), in wei: the EIP-1559
/// fee cap per gas, the whole fee (<c>gasLimit * maxFeePerGas</c>) and, when present, the priority fee per gas
/// (without it, the priority fee is bounded by <see cref="MaxFeePerGas"/> only).
/// </summary>
public sealed record FeeCap(UInt256 MaxFeePerGas, UInt256 MaxTotalFee, UInt256? MaxPriorityFeePerGas);
