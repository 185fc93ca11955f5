using System.Diagnostics;
using Custody.Gcp.Firestore;
using Custody.Gcp.Retry;
using Custody.Testing;

namespace Custody.Gcp.Tests;

public sealed class when_transactions_contend_on_a_nonce_counter(FirestoreEmulator emulator) : IDisposable
{
    private static readonly TransactionRetryPolicy Patient = new(100, new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500)));
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    [Fact]
    public async Task fifty_concurrent_increments_each_land_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = DocumentPath.Of("wallets", "w-1");
        await _firestore.Database.CreateAsync(counter, new Item("next-nonce", 0), Item.Mapper, ct);
        var attempts = 0;

        var handedOut = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _firestore.Database.RunTransactionAsync(async (tx, token) =>
        {
            Interlocked.Increment(ref attempts);
            var current = (await tx.GetAsync(counter, Item.Mapper, token))!;
            tx.Update(counter, current.Value with { Value = current.Value.Value + 1 }, Item.Mapper);
            return current.Value.Value;
        }, Patient, ct)));

        Assert.Equal(50, (await _firestore.Database.GetAsync(counter, Item.Mapper, ct))!.Value.Value);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), handedOut.Order());
        Assert.True(attempts >= 50);
    }

    [Fact]
    public async Task after_commit_actions_run_for_the_committed_attempt_only_never_for_an_aborted_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = DocumentPath.Of("wallets", "w-after-commit");
        await _firestore.Database.CreateAsync(counter, new Item("next-nonce", 0), Item.Mapper, ct);
        using var other = new EmulatedFirestore(emulator, _firestore.ProjectId); // its own gates, as another process
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readers = 0;
        var attempts = 0;
        var committed = 0;

        // Both first attempts read the counter before either commits, so one of them (or both) is aborted and re-run.
        await Task.WhenAll(new[] { _firestore.Database, other.Database }.Select(database => database.RunTransactionAsync(async (tx, token) =>
        {
            Interlocked.Increment(ref attempts);
            var current = (await tx.GetAsync(counter, Item.Mapper, token))!;
            if (tx.Attempt == 1)
            {
                if (Interlocked.Increment(ref readers) == 2)
                {
                    bothRead.SetResult();
                }

                await bothRead.Task.WaitAsync(token);
            }

            tx.Update(counter, current.Value with { Value = current.Value.Value + 1 }, Item.Mapper);
            tx.AfterCommit(() => Interlocked.Increment(ref committed));
        }, Patient, ct)));

        Assert.Equal(2, (await _firestore.Database.GetAsync(counter, Item.Mapper, ct))!.Value.Value);
        Assert.True(attempts > 2, $"{attempts} attempts: no attempt was aborted, so the test proved nothing");
        Assert.Equal(2, committed);
    }

    [Fact]
    public async Task an_after_commit_action_that_throws_does_not_fail_the_committed_transaction_nor_stop_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "after-commit-throws");
        using var listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Custody.Gcp.Tests.AfterCommit");
        using var span = source.StartActivity("after-commit")!;
        var attempts = 0;
        var later = 0;

        var result = await _firestore.Database.RunTransactionAsync((tx, _) =>
        {
            attempts++;
            tx.Set(path, new Item("committed", 1), Item.Mapper);
            tx.AfterCommit(() => throw new InvalidOperationException("metric sink broken"));
            tx.AfterCommit(() => later++);
            return Task.FromResult("done");
        }, ct: ct);

        Assert.Equal("done", result);
        Assert.Equal((1, 1), (attempts, later));
        Assert.Equal(1, (await _firestore.Database.GetAsync(path, Item.Mapper, ct))!.Value.Value);
        var recorded = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Contains(recorded.Tags, t => t.Key == "exception.message" && (string?)t.Value == "metric sink broken");
    }

    [Fact]
    public async Task a_failing_delegate_commits_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "untouched");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _firestore.Database.RunTransactionAsync(async (tx, token) =>
        {
            await tx.GetAsync(path, Item.Mapper, token);
            tx.Set(path, new Item("x", 1), Item.Mapper);
            throw new InvalidOperationException("handler failed");
        }, ct: ct));

        Assert.Null(await _firestore.Database.GetAsync(path, Item.Mapper, ct));
    }

    [Fact]
    public async Task a_create_inside_a_transaction_that_finds_the_document_is_refused_without_retrying()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "taken");
        await _firestore.Database.CreateAsync(path, new Item("first", 1), Item.Mapper, ct);
        var attempts = 0;

        await Assert.ThrowsAsync<DocumentAlreadyExistsException>(() => _firestore.Database.RunTransactionAsync((tx, _) =>
        {
            attempts++;
            tx.Create(path, new Item("second", 2), Item.Mapper);
            return Task.CompletedTask;
        }, ct: ct));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task a_transaction_that_keeps_losing_gives_up_after_the_allowed_attempts()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "hot");
        await _firestore.Database.CreateAsync(path, new Item("hot", 0), Item.Mapper, ct);
        var policy = new TransactionRetryPolicy(2, new JitteredBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
        var attempts = 0;

        // Every attempt reads the document, then a plain write changes it before the commit: the commit is ABORTED.
        var error = await Assert.ThrowsAsync<TransactionContentionException>(() => _firestore.Database.RunTransactionAsync(async (tx, token) =>
        {
            attempts++;
            var current = (await tx.GetAsync(path, Item.Mapper, token))!;
            await _firestore.Database.SetAsync(path, new Item("hot", current.Value.Value + 100), Item.Mapper, token);
            tx.Update(path, current.Value with { Value = current.Value.Value + 1 }, Item.Mapper);
        }, policy, ct));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, attempts);
    }
}
