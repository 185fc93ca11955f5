using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;

namespace Custody.Cli.Approvals;

/// <summary>
/// What `custody approve` re-derives itself before it signs (docs/approvals.md "custody approve"): the intent from
/// the request the server returned, its hash, the displayed fields, the approval window and the exact digest. The
/// server is not trusted: any difference refuses the vote.
/// </summary>
internal static class ReviewCheck
{
    /// <summary>The intent, the digest to sign and its expiry, or every reason to refuse.</summary>
    public sealed record Result(TransactionIntent? Intent, DateTimeOffset ExpiresAt, byte[]? Digest, IReadOnlyList<string> Problems);

    public static Result Check(string requestId, ApprovalReview review, ApprovalDecision decision, DateTimeOffset? chosenExpiry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        var problems = new List<string>();
        if (review.RequestId != requestId || review.Request.RequestId != requestId)
        {
            problems.Add($"the server answered for request {review.RequestId} / {review.Request.RequestId}, not {requestId}");
        }

        if (review.State != "PendingApproval")
        {
            problems.Add($"the request is {review.State}, not pending approval");
        }

        if (!TransactionIntent.TryCreate(review.Request, out var intent, out var errors))
        {
            problems.Add("the request the server returned has no valid intent: " + string.Join("; ", errors));
            return new Result(null, default, null, problems);
        }

        if (intent!.Hash.ToString() != review.IntentHash)
        {
            problems.Add($"the server shows intent hash {review.IntentHash}, the request hashes to {intent.Hash}");
        }

        CheckDisplay(intent, review.Transaction, problems);
        if (!Hash32.TryParse(review.PolicyId, out var policyId))
        {
            problems.Add("the server shows no readable policy id");
        }

        var window = review.DecidedAt.AddSeconds(review.Rule.ExpirySeconds);
        if (review.WindowClosesAt != window)
        {
            problems.Add($"the server says the window closes at {review.WindowClosesAt:O}, decision time + {review.Rule.ExpirySeconds} s is {window:O}");
        }

        var shown = review.ToSign.FirstOrDefault(d => d.Decision == decision.ToWire());
        var expiresAt = chosenExpiry ?? shown?.ExpiresAt ?? window;
        if (expiresAt > window)
        {
            problems.Add($"expiresAt {expiresAt:O} lies beyond the approval window, which closes at {window:O}");
        }

        if (expiresAt <= now)
        {
            problems.Add($"expiresAt {expiresAt:O} has already passed");
        }

        if (review.DecidedAt > now.AddMinutes(5))
        {
            problems.Add($"the server says the decision was made at {review.DecidedAt:O}, in the future");
        }

        if (expiresAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add("expiresAt must be a whole second");
            return new Result(intent, expiresAt, null, problems);
        }

        var digest = ApprovalDigest.Compute(requestId, intent.Hash, policyId, decision, expiresAt);
        var digestHex = "0x" + Convert.ToHexStringLower(digest);
        if (shown is null)
        {
            problems.Add($"the server shows no digest to sign for {decision.ToWire()}");
        }
        else if (shown.ExpiresAt == expiresAt && shown.Digest != digestHex)
        {
            problems.Add($"the server shows digest {shown.Digest}, the request gives {digestHex}");
        }

        return new Result(intent, expiresAt, digest, problems);
    }

    // The server decorates the intent (symbol, decimals, labels); the fields it shows must be the request's own.
    private static void CheckDisplay(TransactionIntent intent, TransactionDisplay shown, List<string> problems)
    {
        void Same(string what, string local, string server)
        {
            if (!string.Equals(local, server, StringComparison.Ordinal))
            {
                problems.Add($"the server shows {what} {server}, the request says {local}");
            }
        }

        Same("chain id", intent.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture), shown.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Same("wallet", intent.WalletId, shown.WalletId);
        Same("wallet address", intent.WalletAddress.ToChecksumString(), shown.WalletAddress);
        Same("asset", intent.Asset.ToString(), shown.Asset);
        Same("destination", intent.Destination.ToChecksumString(), shown.Destination);
        Same("amount (base units)", intent.Amount.ToString(), shown.AmountBaseUnits);
        Same("amount", TokenUnits.Format(intent.Amount.ToBigInteger(), shown.Decimals), shown.Amount);
        Same("target", intent.To.ToChecksumString(), shown.To);
        Same("initiator", intent.Initiator, shown.Initiator);
    }
}
