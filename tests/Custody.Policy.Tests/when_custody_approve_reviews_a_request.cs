using System.Diagnostics;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Policy.Tests.Support;
using Custody.Testing;

namespace Custody.Policy.Tests;

/// <summary>
/// The `custody approve` process against the hosted policy service through a proxy that can lie: the CLI re-derives
/// the intent, its hash and the digest from the request and refuses (exit 3, nothing posted) when they differ.
/// </summary>
public sealed class when_custody_approve_reviews_a_request(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<(ApprovalReview Review, ReviewProxy Proxy)> PendingBehindProxyAsync()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        await DecideAsync(request, "PendingApproval");
        return (await Service.ReviewAsync(request.RequestId), await ReviewProxy.StartAsync(Service));
    }

    private async Task<Run> CustodyAsync(ReviewProxy proxy, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "custody.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CUSTODY_POLICY_URL"] = proxy.Address.ToString();
        start.Environment["CUSTODY_TOKEN"] = Issuer.Issue("alice-person", ["approver"], PolicyServiceHost.Audience);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task an_honest_review_is_signed_posted_and_recorded()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("alice"), "--yes");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"request {review.RequestId} is now PendingApproval", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 ETH", run.Stdout, StringComparison.Ordinal);
        var vote = Assert.Single((await Service.RecordAsync(review.RequestId))!.Approvals);
        Assert.Equal(("alice", "APPROVE", review.WindowClosesAt), (vote.ApproverId, vote.Decision, vote.ExpiresAt));
    }

    [Fact]
    public async Task a_server_showing_another_destination_with_the_original_digest_is_refused()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        proxy.Tamper = r => r with { Request = r.Request with { To = TestPolicy.Stranger.ToChecksumString() } };
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("alice"), "--yes");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refusing to sign: the server shows intent hash", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Posts);
        Assert.Empty((await Service.RecordAsync(review.RequestId))!.Approvals);
    }

    [Fact]
    public async Task a_server_showing_a_digest_that_is_not_the_requests_is_refused()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        var otherPolicyDigest = "0x" + Convert.ToHexStringLower(ApprovalDigest.Compute(review.RequestId, Hash32.Parse(review.IntentHash),
            Hash32.Create(new byte[32]), ApprovalDecision.Approve, review.WindowClosesAt));
        proxy.Tamper = r => r with { ToSign = r.ToSign.Select(d => d.Decision == "APPROVE" ? d with { Digest = otherPolicyDigest } : d).ToList() };
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("alice"), "--yes");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refusing to sign: the server shows digest", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Posts);
    }

    [Fact]
    public async Task an_expiry_beyond_the_approval_window_is_refused_before_signing()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        var beyond = review.WindowClosesAt.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("alice"), "--yes", "--expires-at", beyond);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("lies beyond the approval window", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Posts);
    }

    [Fact]
    public async Task a_server_offering_a_longer_window_than_its_rule_allows_is_refused()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        proxy.Tamper = r => r with { WindowClosesAt = r.WindowClosesAt.AddDays(30), ToSign = r.ToSign.Select(d => d with { ExpiresAt = d.ExpiresAt.AddDays(30) }).ToList() };
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("alice"), "--yes");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(0, proxy.Posts);
    }

    [Fact]
    public async Task without_confirmation_nothing_is_signed()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        var run = await CustodyAsync(proxy, "reject", review.RequestId, "--key", Approvers.PrivateKeyFile("bob"));

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(0, proxy.Posts);
    }

    [Fact]
    public async Task a_vote_the_service_refuses_exits_4_with_its_reason()
    {
        var (review, proxy) = await PendingBehindProxyAsync();
        await using var _ = proxy;
        var run = await CustodyAsync(proxy, "approve", review.RequestId, "--key", Approvers.PrivateKeyFile("mallory"), "--yes");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("ApproverNotInGroup", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
