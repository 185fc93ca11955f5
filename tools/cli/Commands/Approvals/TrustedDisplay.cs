using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;

namespace Custody.Cli.Approvals;

/// <summary>
/// Prints what the approver is about to sign, from the request as decoded HERE (not the server's text): chain,
/// wallet, asset, amount, destination, call kind, initiator; the server's decorations (symbol, decimals, address-book
/// labels, rule) are marked as such.
/// </summary>
internal static class TrustedDisplay
{
    public static void Print(ApprovalReview review, ReviewCheck.Result check, string approverId, ApprovalDecision decision)
    {
        var t = review.Transaction;
        Console.WriteLine($"request      {review.RequestId} ({review.State})");
        if (check.Intent is { } intent)
        {
            Console.WriteLine($"chain        {intent.ChainId}");
            Console.WriteLine($"wallet       {intent.WalletId} ({intent.WalletAddress.ToChecksumString()})");
            Console.WriteLine($"call         {intent.Kind} to {intent.To.ToChecksumString()}");
            Console.WriteLine($"amount       {TokenUnits.Format(intent.Amount.ToBigInteger(), t.Decimals)} {t.Symbol} ({intent.Amount} base units; asset {intent.Asset}; symbol and decimals from the server's token registry)");
            Console.WriteLine($"destination  {intent.Destination.ToChecksumString()}{(t.DestinationLabels.Count > 0 ? $" [address book: {string.Join(", ", t.DestinationLabels)}]" : " [in no address book]")}");
            Console.WriteLine($"initiator    {intent.Initiator}");
            Console.WriteLine($"intent hash  {intent.Hash} (recomputed here)");
        }

        Console.WriteLine($"policy       {review.PolicyId}, rule {review.Rule.RuleId}: {review.Rule.Summary}");
        Console.WriteLine($"window       decided {review.DecidedAt:u}, closes {review.WindowClosesAt:u}");
        Console.WriteLine($"votes        {(review.Votes.Count == 0 ? "none yet" : string.Join(", ", review.Votes.Select(v => $"{v.ApproverId} {v.Decision}")))}");
        if (check.Digest is { } digest)
        {
            Console.WriteLine($"you sign     {approverId} {decision.ToWire()}, expires {check.ExpiresAt:u}, digest 0x{Convert.ToHexStringLower(digest)}");
        }
    }
}
