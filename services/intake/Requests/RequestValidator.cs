using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Intake.Requests;

/// <summary>
/// Every reason a request is not acceptable, not only the first (docs/intake.md, "Validation"): the contract's
/// shape checks, the decoded intent (<see cref="TransactionIntent"/>), the registered wallet and its chains, and
/// the request time. Each reason names its field's JSON path and a stable code.
/// </summary>
public sealed class RequestValidator(WalletRegistry wallets, IOptions<IntakeOptions> options, TimeProvider time)
{
    /// <summary>The derived intent (null when invalid) and every reason.</summary>
    public sealed record Result(TransactionIntent? Intent, IReadOnlyList<RejectionReason> Reasons)
    {
        public bool IsValid => Reasons.Count == 0 && Intent is not null;
    }

    public async Task<Result> ValidateAsync(TransactionRequested request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reasons = CheckContract(request, out var intent).ToList();
        WalletRecord? wallet = null;
        var walletKnown = WireFormat.IsId(request.WalletId) && TransactionStore.IsStorableId(request.WalletId);
        if (walletKnown)
        {
            wallet = await wallets.GetAsync(request.WalletId, ct).ConfigureAwait(false);
        }

        reasons.AddRange(CheckWallet(request, walletKnown, wallet));
        if (request.RequestedAt > time.GetUtcNow() + options.Value.MaxClockSkew)
        {
            reasons.Add(new RejectionReason("$.requestedAt", RejectionCodes.RequestedInFuture, $"lies more than {options.Value.MaxClockSkew.TotalSeconds:0} s in the future"));
        }

        return new Result(reasons.Count == 0 ? intent : null, reasons);
    }

    /// <summary>Shape and intent checks, pure: shape failures are invalid-format, the domain's further findings invalid-intent.</summary>
    public static IReadOnlyList<RejectionReason> CheckContract(TransactionRequested request, out TransactionIntent? intent)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shape = request.Validate().ToHashSet(StringComparer.Ordinal);
        TransactionIntent.TryCreate(request, out intent, out var errors);
        return errors.Select(e => FromPathMessage(e, shape.Contains(e) ? RejectionCodes.InvalidFormat : RejectionCodes.InvalidIntent)).ToArray();
    }

    /// <summary>The wallet checks, pure: registered, address matches, chain configured. Skipped for a malformed walletId (already reported).</summary>
    public static IEnumerable<RejectionReason> CheckWallet(TransactionRequested request, bool walletIdUsable, WalletRecord? wallet)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!walletIdUsable)
        {
            yield break;
        }

        if (wallet is null)
        {
            yield return new RejectionReason("$.walletId", RejectionCodes.UnknownWallet, "no wallet is registered under this id");
            yield break;
        }

        if (ChecksumAddress.TryParse(request.WalletAddress, out var claimed) &&
            (!ChecksumAddress.TryParse(wallet.Address, out var registered) || !claimed.Equals(registered)))
        {
            yield return new RejectionReason("$.walletAddress", RejectionCodes.WalletAddressMismatch, "is not the registered address of the wallet");
        }

        if (request.ChainId != 0 && !wallet.ChainIds.Contains(request.ChainId))
        {
            yield return new RejectionReason("$.chainId", RejectionCodes.ChainNotConfigured, "the wallet is not configured for this chain id");
        }
    }

    // The contract and the domain report "path: message".
    private static RejectionReason FromPathMessage(string error, string code)
    {
        var split = error.IndexOf(": ", StringComparison.Ordinal);
        return split > 0
            ? new RejectionReason(error[..split], code, error[(split + 2)..])
            : new RejectionReason("$", code, error);
    }
}
