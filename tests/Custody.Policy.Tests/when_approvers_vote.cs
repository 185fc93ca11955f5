using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Policy.Tests.Support;
using Custody.Testing;

namespace Custody.Policy.Tests;

/// <summary>
/// The approvals API of the hosted service. The treasury rule needs 2 of alice, bob, carol plus dave (mandatory)
/// within an hour; mallory is a registered approver outside the rule.
/// </summary>
public sealed class when_approvers_vote(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    private static readonly Domain.Policies.Policy Policy = PolicyParser.Parse(TestPolicy.Json);

    private async Task<ApprovalReview> PendingAsync()
    {
        var request = TestPolicy.Native(TestPolicy.Ether * 5);
        await DecideAsync(request, "PendingApproval");
        return await Service.ReviewAsync(request.RequestId);
    }

    private static async Task<string[]> RefusalReasonsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return problem.RootElement.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private async Task AssertNoVoteRecordedAsync(string requestId)
    {
        var record = await Service.RecordAsync(requestId);
        Assert.Equal("PendingApproval", record!.State.ToString());
        Assert.Empty(record.Approvals);
    }

    [Fact]
    public async Task the_review_is_the_trusted_display_of_the_decoded_request()
    {
        var review = await PendingAsync();
        var intent = TransactionIntent.Create(review.Request);

        Assert.Equal((intent.Hash.ToString(), Policy.Id.ToString()), (review.IntentHash, review.PolicyId));
        Assert.Equal(("ETH", 18, "5", "5000000000000000000"), (review.Transaction.Symbol, review.Transaction.Decimals, review.Transaction.Amount, review.Transaction.AmountBaseUnits));
        Assert.Equal(["exchanges"], review.Transaction.DestinationLabels);
        Assert.Equal(("treasury-2of3-dave", 3600L), (review.Rule.RuleId, review.Rule.ExpirySeconds));
        Assert.Equal(["dave"], review.Rule.Mandatory);
        Assert.Equal(review.DecidedAt.AddHours(1), review.WindowClosesAt);
        var approve = Assert.Single(review.ToSign, d => d.Decision == "APPROVE");
        Assert.Equal(review.WindowClosesAt, approve.ExpiresAt);
        Assert.Equal("0x" + Convert.ToHexStringLower(ApprovalDigest.Compute(review.RequestId, intent.Hash, Policy.Id, ApprovalDecision.Approve, approve.ExpiresAt)), approve.Digest);
    }

    [Fact]
    public async Task two_of_three_and_the_mandatory_approver_approve_and_the_evidence_verifies_for_a_signer()
    {
        var review = await PendingAsync();
        foreach (var approver in new[] { "alice", "bob" })
        {
            using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote(approver, review));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var partial = await response.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.VoteOutcome, TestContext.Current.CancellationToken);
            Assert.Equal("PendingApproval", partial!.State);
            Assert.Contains(partial.Missing, m => m.Contains("dave", StringComparison.Ordinal));
        }

        Assert.Empty(await Service.OutboxAsync(review.RequestId, TransactionApproved.WireName));
        using (var last = await Service.VoteAsync(review.RequestId, Approvers.Vote("dave", review)))
        {
            Assert.Equal("Approved", (await last.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.VoteOutcome, TestContext.Current.CancellationToken))!.State);
        }

        var entry = Assert.Single(await Service.OutboxAsync(review.RequestId, TransactionApproved.WireName));
        var approved = JsonSerializer.Deserialize(entry.Message.Data.Span, ContractsJsonContext.Default.TransactionApproved)!;
        Assert.Equal(["alice", "bob", "dave"], approved.Evidence.Approvals.Select(a => a.ApproverId).Order());
        var signerRegistry = new ApproverRegistry(Approvers.Ids.Select(id => ApproverKey.Create(id, Approvers.Key(id).ExportSubjectPublicKeyInfo())));
        var verdict = EvidenceVerifier.Verify(approved.Evidence, TransactionIntent.Create(approved.Request), Policy, signerRegistry, DateTimeOffset.UtcNow);
        Assert.True(verdict.IsApproved, string.Join("; ", verdict.Failures));

        var votes = (await Service.AuditAsync(review.RequestId)).Where(e => e.Record.Action == "vote APPROVE").Select(e => e.Record.Actor);
        Assert.Equal(["alice", "bob", "dave"], votes);
        Assert.Equal("Approved", (await Service.AuditAsync(review.RequestId))[^1].Record.Action);
    }

    [Fact]
    public async Task a_reject_by_the_mandatory_approver_makes_the_quorum_unreachable_and_rejects()
    {
        var review = await PendingAsync();
        using (var vote = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review))) { Assert.Equal(HttpStatusCode.OK, vote.StatusCode); }

        using var reject = await Service.VoteAsync(review.RequestId, Approvers.Vote("dave", review, ApprovalDecision.Reject));
        Assert.Equal("Rejected", (await reject.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.VoteOutcome, TestContext.Current.CancellationToken))!.State);
        var entry = Assert.Single(await Service.OutboxAsync(review.RequestId, TransactionRejected.WireName));
        var rejected = JsonSerializer.Deserialize(entry.Message.Data.Span, ContractsJsonContext.Default.TransactionRejected)!;
        Assert.Equal(("approval", "treasury-2of3-dave"), (rejected.Stage, rejected.RuleId));
        using var late = await Service.VoteAsync(review.RequestId, Approvers.Vote("bob", review));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task a_forged_signature_is_refused()
    {
        var review = await PendingAsync();
        using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review, signAs: "mallory"));
        Assert.Equal(["BadSignature"], await RefusalReasonsAsync(response));
        await AssertNoVoteRecordedAsync(review.RequestId);
    }

    [Fact]
    public async Task an_approval_replayed_onto_another_request_is_refused()
    {
        var first = await PendingAsync();
        var second = await PendingAsync();
        var aliceOnFirst = Approvers.Vote("alice", first);
        using (var ok = await Service.VoteAsync(first.RequestId, aliceOnFirst)) { Assert.Equal(HttpStatusCode.OK, ok.StatusCode); }

        using var replay = await Service.VoteAsync(second.RequestId, aliceOnFirst with { ExpiresAt = Approvers.Vote("alice", second).ExpiresAt });
        Assert.Contains("BadSignature", await RefusalReasonsAsync(replay));
        await AssertNoVoteRecordedAsync(second.RequestId);
    }

    [Fact]
    public async Task an_approver_outside_the_group_is_refused()
    {
        var review = await PendingAsync();
        using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote("mallory", review));
        Assert.Equal(["ApproverNotInGroup"], await RefusalReasonsAsync(response));
        await AssertNoVoteRecordedAsync(review.RequestId);
    }

    [Fact]
    public async Task an_approval_that_has_already_expired_is_refused()
    {
        var review = await PendingAsync();
        var past = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1);
        using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review, expiresAt: past));
        Assert.Equal(["Expired"], await RefusalReasonsAsync(response));
        await AssertNoVoteRecordedAsync(review.RequestId);
    }

    [Fact]
    public async Task a_vote_after_the_request_expired_is_refused()
    {
        var review = await PendingAsync();
        Service.Time.Shift = TimeSpan.FromHours(2);
        Assert.Equal(1, await Service.Sweeper.SweepAsync(TestContext.Current.CancellationToken));
        using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty((await Service.RecordAsync(review.RequestId))!.Approvals);
    }

    [Fact]
    public async Task a_second_vote_by_the_same_approver_is_refused()
    {
        var review = await PendingAsync();
        using (var first = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review))) { Assert.Equal(HttpStatusCode.OK, first.StatusCode); }

        using var second = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review, ApprovalDecision.Reject));
        Assert.Equal(["DoubleVote"], await RefusalReasonsAsync(second));
        Assert.Equal(["alice APPROVE"], (await Service.RecordAsync(review.RequestId))!.Approvals.Select(a => $"{a.ApproverId} {a.Decision}"));
    }

    [Fact]
    public async Task an_approval_expiring_after_the_window_closes_is_refused()
    {
        var review = await PendingAsync();
        using var response = await Service.VoteAsync(review.RequestId, Approvers.Vote("alice", review, expiresAt: review.WindowClosesAt.AddSeconds(1)));
        Assert.Equal(["BeyondApprovalWindow"], await RefusalReasonsAsync(response));
        await AssertNoVoteRecordedAsync(review.RequestId);
    }

    [Fact]
    public async Task a_timestamp_without_an_offset_and_every_other_bad_field_are_reported_at_once()
    {
        var review = await PendingAsync();
        using var client = Service.Client();
        using var response = await client.PostAsJsonAsync($"/v1/transactions/{review.RequestId}/approvals",
            new VoteSubmission("al ice", "MAYBE", "2030-01-01T00:00:00", "0x12"), ApprovalsJsonContext.Default.VoteSubmission, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["approverId", "decision", "expiresAt", "signature"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task pending_requests_are_listed_for_the_approvers_who_can_vote_on_them()
    {
        var review = await PendingAsync();
        async Task<bool> ListedAsync(string query)
        {
            using var client = Service.Client();
            var pending = await client.GetFromJsonAsync("/v1/approvals/pending" + query, ApprovalsJsonContext.Default.IReadOnlyListPendingApproval, TestContext.Current.CancellationToken);
            return pending!.Any(p => p.RequestId == review.RequestId);
        }

        Assert.True(await ListedAsync(""));
        Assert.True(await ListedAsync("?approver=dave"));
        Assert.True(await ListedAsync("?group=treasury&approver=carol"));
        Assert.False(await ListedAsync("?approver=mallory"));
        Assert.False(await ListedAsync("?group=risk"));
    }

    [Fact]
    public async Task callers_without_a_token_or_without_the_approver_role_are_turned_away()
    {
        var review = await PendingAsync();
        using var anonymous = Service.CreateClient();
        using var noToken = await anonymous.GetAsync($"/v1/transactions/{review.RequestId}/review", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var app = Service.Client("upstream-app");
        using var wrongRole = await app.GetAsync($"/v1/transactions/{review.RequestId}/review", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }
}
