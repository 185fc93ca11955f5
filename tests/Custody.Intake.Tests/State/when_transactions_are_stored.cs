using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Intake.Tests.Support;
using Custody.State;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Intake.Tests.State;

/// <summary>libs/state on the Firestore emulator: the shared transactions/{requestId} document and its store.</summary>
public sealed class when_transactions_are_stored(IntakeFixture intake)
{
    private TransactionStore Store => intake.Services.GetRequiredService<TransactionStore>();

    private FirestoreDatabase Database => intake.Services.GetRequiredService<FirestoreDatabase>();

    [Fact]
    public async Task every_member_reads_back_as_written()
    {
        var record = NewRecord(TransactionState.PendingApproval) with
        {
            Owner = "app-1",
            IntentHash = "0x" + new string('a', 64),
            Reasons = [new RejectionReason("$.x", "code", "message")],
            Decision = "REQUIRE_APPROVAL",
            RuleId = "large",
            PolicyId = "0x" + new string('b', 64),
            DecidedAt = At(1),
            Approvals = [new SignedApproval("alice", "r", "0x" + new string('a', 64), "0x" + new string('b', 64), "APPROVE", At(2), "0x" + new string('c', 128))],
            Deadline = At(3),
            Nonce = 7,
            TransactionHash = "0x" + new string('d', 64),
            Receipt = new TransactionReceipt("123", "0x" + new string('e', 64), 3),
        };

        await Database.RunTransactionAsync(async (tx, ct) => await Store.CreateIfAbsentAsync(tx, record, ct), ct: TestContext.Current.CancellationToken);
        var read = (await Store.GetAsync(record.RequestId, TestContext.Current.CancellationToken))!.Value;

        Assert.Equal(record.Request, read.Request);
        Assert.Equal(record.ToStatus() with { Reasons = [], Approvals = [] }, read.ToStatus() with { Reasons = [], Approvals = [] });
        Assert.Equal(record.Reasons, read.Reasons);
        Assert.Equal(record.Approvals, read.Approvals);
    }

    [Fact]
    public async Task two_concurrent_creators_produce_one_document_and_the_loser_sees_the_winner()
    {
        var first = NewRecord(TransactionState.Validated);
        var second = first with { BodyHash = "0x" + new string('f', 64) };

        var results = await Task.WhenAll(
            Database.RunTransactionAsync((tx, ct) => Store.CreateIfAbsentAsync(tx, first, ct), ct: TestContext.Current.CancellationToken),
            Database.RunTransactionAsync((tx, ct) => Store.CreateIfAbsentAsync(tx, second, ct), ct: TestContext.Current.CancellationToken));

        // The loser re-ran after the winner committed and got the winner's document back (null = it created).
        var seenByLoser = Assert.Single(results, r => r is not null)!;
        var stored = (await Store.GetAsync(first.RequestId, TestContext.Current.CancellationToken))!.Value;
        Assert.Equal(stored.BodyHash, seenByLoser.Value.BodyHash);
    }

    [Fact]
    public async Task a_transition_applies_only_from_the_expected_state()
    {
        var record = NewRecord(TransactionState.Validated);
        await Database.RunTransactionAsync(async (tx, ct) => await Store.CreateIfAbsentAsync(tx, record, ct), ct: TestContext.Current.CancellationToken);

        var moved = await Database.RunTransactionAsync(
            (tx, ct) => Store.TryTransitionAsync(tx, record.RequestId, TransactionState.Validated, TransactionState.PendingApproval, r => r with { Deadline = At(9) }, At(5), "trace-2", ct),
            ct: TestContext.Current.CancellationToken);
        var again = await Database.RunTransactionAsync(
            (tx, ct) => Store.TryTransitionAsync(tx, record.RequestId, TransactionState.Validated, TransactionState.Blocked, r => r, At(6), "trace-3", ct),
            ct: TestContext.Current.CancellationToken);

        Assert.NotNull(moved);
        Assert.Null(again);
        var stored = (await Store.GetAsync(record.RequestId, TestContext.Current.CancellationToken))!.Value;
        Assert.Equal(TransactionState.PendingApproval, stored.State);
        Assert.Equal(At(9), stored.Deadline);
        Assert.Equal("trace-2", stored.TraceId);
    }

    [Fact]
    public async Task committed_state_changes_count_once_in_the_request_metrics_and_a_failed_transaction_counts_nothing()
    {
        using var metrics = new MetricCollector(thisFlowOnly: true, "custody.requests.transitions", "custody.requests.stage.duration");
        var record = NewRecord(TransactionState.Validated);
        var ct = TestContext.Current.CancellationToken;
        await Database.RunTransactionAsync(async (tx, token) => await Store.CreateIfAbsentAsync(tx, record, token), ct: ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Database.RunTransactionAsync(async (tx, token) =>
        {
            await Store.TryTransitionAsync(tx, record.RequestId, TransactionState.Validated, TransactionState.PendingApproval, r => r, At(4), "trace-x", token);
            throw new InvalidOperationException("the handler failed after the transition was buffered");
        }, ct: ct));
        await Database.RunTransactionAsync(
            (tx, token) => Store.TryTransitionAsync(tx, record.RequestId, TransactionState.Validated, TransactionState.PendingApproval, r => r, At(5), "trace-2", token), ct: ct);

        Assert.Single(metrics.Of("custody.requests.transitions", ("from", "none"), ("to", "Validated")));
        Assert.Single(metrics.Of("custody.requests.transitions", ("from", "Validated"), ("to", "PendingApproval")));
        Assert.Equal(TimeSpan.FromMinutes(5).TotalMilliseconds, Assert.Single(metrics.Of("custody.requests.stage.duration", ("state", "Validated"))).Value);
    }

    [Fact]
    public async Task a_transition_the_lifecycle_forbids_is_refused_before_anything_is_read()
    {
        await Assert.ThrowsAsync<InvalidTransitionException>(() => Database.RunTransactionAsync(
            (tx, ct) => Store.TryTransitionAsync(tx, "any", TransactionState.Rejected, TransactionState.Approved, r => r, At(1), "t", ct),
            ct: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void the_body_hash_is_the_same_for_one_instant_in_two_offsets_and_differs_for_any_other_field()
    {
        var request = IntakeFixture.ValidRequest("r-1") with { RequestedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero) };
        var hash = RequestFingerprint.Compute(request);

        Assert.Equal(hash, RequestFingerprint.Compute(request with { RequestedAt = request.RequestedAt.ToOffset(TimeSpan.FromHours(2)) }));
        Assert.NotEqual(hash, RequestFingerprint.Compute(request with { Value = "2" }));
        Assert.NotEqual(hash, RequestFingerprint.Compute(request with { Initiator = "other" }));
        Assert.NotEqual(hash, RequestFingerprint.Compute(request with { RequestedAt = request.RequestedAt.AddTicks(1) }));
    }

    [Fact]
    public void a_document_with_an_unknown_state_is_refused()
    {
        var fields = TransactionRecordMapper.Instance.ToFields(NewRecord(TransactionState.Validated));
        fields["state"] = FieldValue.String("3");
        Assert.Throws<FormatException>(() => TransactionRecordMapper.Instance.FromFields(fields));
        fields["state"] = FieldValue.String("Teleported");
        Assert.Throws<FormatException>(() => TransactionRecordMapper.Instance.FromFields(fields));
    }

    [Fact]
    public void a_fee_replacement_reads_back_as_written_and_an_unknown_replacement_status_is_refused()
    {
        var record = NewRecord(TransactionState.Broadcast) with
        {
            ApprovedEvent = "{\"requestId\":\"r\"}",
            Replacement = new TransactionReplacement(2, "{\"type\":\"0x2\"}", ReplacementStatus.Refused, "fee-above-cap: too high"),
            ReplacedTransactionHashes = ["0x" + new string('1', 64), "0x" + new string('2', 64)],
        };

        var fields = TransactionRecordMapper.Instance.ToFields(record);
        var read = TransactionRecordMapper.Instance.FromFields(fields);

        Assert.Equal((record.ApprovedEvent, record.Replacement), (read.ApprovedEvent, read.Replacement));
        Assert.Equal(record.ReplacedTransactionHashes, read.ReplacedTransactionHashes);
        fields["replacement"] = FieldValue.Map(new FieldMap
        {
            ["attempt"] = FieldValue.Integer(1), ["unsignedTransaction"] = FieldValue.String("{}"), ["status"] = FieldValue.String("Teleported"), ["note"] = FieldValue.Null,
        });
        Assert.Throws<FormatException>(() => TransactionRecordMapper.Instance.FromFields(fields));
    }

    private static DateTimeOffset At(int minutes) => new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

    private static TransactionRecord NewRecord(TransactionState state)
    {
        var request = IntakeFixture.ValidRequest(IntakeFixture.NewId("state"));
        return new TransactionRecord
        {
            RequestId = request.RequestId,
            BodyHash = RequestFingerprint.Compute(request),
            State = state,
            WalletId = request.WalletId,
            Request = request,
            CreatedAt = At(0),
            UpdatedAt = At(0),
            TraceId = "trace-1",
        };
    }
}
