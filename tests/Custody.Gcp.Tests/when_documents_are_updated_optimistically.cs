using Custody.Gcp.Firestore;
using Custody.Gcp.Retry;
using Custody.Testing;

namespace Custody.Gcp.Tests;

/// <summary>FirestoreDatabase.RunOptimisticAsync: read, decide, one atomic commit conditioned on what was read.</summary>
public sealed class when_documents_are_updated_optimistically(FirestoreEmulator emulator) : IDisposable
{
    private static readonly TransactionRetryPolicy Patient = new(100, new JitteredBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200)));
    private static readonly TransactionRetryPolicy OneAttempt = new(1, new JitteredBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5)));
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly DocumentPath _counter = DocumentPath.Of("counters", "c-1");
    private readonly DocumentPath _claim = DocumentPath.Of("claims", "r-1");

    public void Dispose() => _firestore.Dispose();

    [Fact]
    public async Task concurrent_increments_from_two_clients_each_land_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var other = new EmulatedFirestore(emulator, _firestore.ProjectId);
        var clients = new[] { _firestore.Database, other.Database };

        var handedOut = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => clients[i % 2].RunOptimisticAsync([_counter], (read, writes) =>
        {
            var value = read[0] is { } current ? Item.Mapper.FromFields(current.Value).Value : 0;
            writes.Put(_counter, Item.Mapper.ToFields(new Item("counter", value + 1)));
            return value;
        }, Patient, ct)));

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), handedOut.Order());
        Assert.Equal(30, (await _firestore.Database.GetAsync(_counter, Item.Mapper, ct))!.Value.Value);
    }

    [Fact]
    public async Task a_write_between_the_read_and_the_commit_is_never_overwritten_the_attempt_reruns_from_a_new_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await _firestore.Database.CreateAsync(_counter, new Item("counter", 1), Item.Mapper, ct);
        var attempts = 0;

        var seen = await _firestore.Database.RunOptimisticAsync([_counter], (read, writes) =>
        {
            var value = Item.Mapper.FromFields(read[0]!.Value).Value;
            if (Interlocked.Increment(ref attempts) == 1)
            {
                // Another writer gets in after this attempt's read.
                _firestore.Database.SetAsync(_counter, new Item("counter", 10), Item.Mapper, ct).GetAwaiter().GetResult();
            }

            writes.Put(_counter, Item.Mapper.ToFields(new Item("counter", value + 1)));
            return value;
        }, Patient, ct);

        Assert.Equal(2, attempts);
        Assert.Equal(10, seen);
        Assert.Equal(11, (await _firestore.Database.GetAsync(_counter, Item.Mapper, ct))!.Value.Value);
    }

    [Fact]
    public async Task a_document_created_after_it_was_read_as_absent_fails_the_commit_and_after_the_last_attempt_contention_is_reported()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<TransactionContentionException>(() => _firestore.Database.RunOptimisticAsync([_claim, _counter], (read, writes) =>
        {
            Assert.Null(read[0]);
            _firestore.Database.CreateAsync(_claim, new Item("theirs", 7), Item.Mapper, ct).GetAwaiter().GetResult();
            writes.Put(_claim, Item.Mapper.ToFields(new Item("mine", 1)));
            writes.Put(_counter, Item.Mapper.ToFields(new Item("counter", 1)));
            return true;
        }, OneAttempt, ct));

        Assert.Equal(1, error.Attempts);
        Assert.Equal("theirs", (await _firestore.Database.GetAsync(_claim, Item.Mapper, ct))!.Value.Name);
        Assert.Null(await _firestore.Database.GetAsync(_counter, Item.Mapper, ct)); // all or nothing
    }

    [Fact]
    public async Task a_decision_that_writes_only_part_of_what_it_read_is_refused_and_commits_nothing()
    {
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _firestore.Database.RunOptimisticAsync([_claim, _counter], (_, writes) =>
        {
            writes.Put(_counter, Item.Mapper.ToFields(new Item("counter", 1)));
            return true;
        }, ct: ct));

        Assert.Null(await _firestore.Database.GetAsync(_counter, Item.Mapper, ct));
    }

    [Fact]
    public async Task writing_a_document_outside_the_read_set_or_deleting_one_read_as_absent_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _firestore.Database.RunOptimisticAsync([_counter], (_, writes) =>
        {
            writes.Put(_claim, Item.Mapper.ToFields(new Item("elsewhere", 1)));
            return true;
        }, ct: ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _firestore.Database.RunOptimisticAsync([_counter], (_, writes) =>
        {
            writes.Delete(_counter);
            return true;
        }, ct: ct));
    }

    [Fact]
    public async Task a_decision_without_writes_commits_nothing_and_returns_its_result()
    {
        var ct = TestContext.Current.CancellationToken;
        await _firestore.Database.CreateAsync(_counter, new Item("counter", 5), Item.Mapper, ct);
        var before = (await _firestore.Database.GetAsync(_counter, Item.Mapper, ct))!.UpdateTime;

        var value = await _firestore.Database.RunOptimisticAsync([_counter], (read, _) => Item.Mapper.FromFields(read[0]!.Value).Value, ct: ct);

        Assert.Equal(5, value);
        Assert.Equal(before, (await _firestore.Database.GetAsync(_counter, Item.Mapper, ct))!.UpdateTime);
    }
}
