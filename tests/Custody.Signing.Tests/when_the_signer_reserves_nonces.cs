using Custody.State;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>docs/state.md "walletNonces": idempotent per request, never one nonce twice, no gaps, serialized under concurrency.</summary>
public sealed class when_the_signer_reserves_nonces(FirestoreEmulator emulator) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly string _wallet = "hot-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _firestore.Dispose();

    private WalletNonces Nonces(EmulatedFirestore? client = null) => new((client ?? _firestore).Database);

    [Fact]
    public async Task requests_get_consecutive_nonces_from_zero_and_a_redelivery_gets_its_own_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await Nonces().ReserveAsync(_wallet, 31337, "req-a", Now, ct);
        var second = await Nonces().ReserveAsync(_wallet, 31337, "req-b", Now, ct);
        var redelivered = await Nonces().ReserveAsync(_wallet, 31337, "req-a", Now.AddMinutes(3), ct);

        Assert.Equal((0UL, true), (first.Nonce, first.IsNew));
        Assert.Equal((1UL, true), (second.Nonce, second.IsNew));
        Assert.Equal(new NonceReservation(_wallet, 31337, "req-a", 0, Now, IsNew: false), redelivered);
        Assert.Equal(2UL, await Nonces().NextAsync(_wallet, 31337, ct));
    }

    [Fact]
    public async Task a_released_nonce_goes_to_the_next_request_before_the_counter_moves_on()
    {
        var ct = TestContext.Current.CancellationToken;
        await Nonces().ReserveAsync(_wallet, 31337, "req-a", Now, ct);
        await Nonces().ReserveAsync(_wallet, 31337, "req-b", Now, ct);
        await Nonces().ReserveAsync(_wallet, 31337, "req-c", Now, ct);

        Assert.True(await Nonces().ReleaseAsync(_wallet, 31337, "req-b", Now, ct));
        Assert.False(await Nonces().ReleaseAsync(_wallet, 31337, "req-b", Now, ct));
        Assert.False(await Nonces().ReleaseAsync(_wallet, 31337, "req-never", Now, ct));
        Assert.Equal([1UL], await Nonces().ReleasedAsync(_wallet, 31337, ct));

        Assert.Equal(1UL, (await Nonces().ReserveAsync(_wallet, 31337, "req-d", Now, ct)).Nonce);
        Assert.Equal(3UL, (await Nonces().ReserveAsync(_wallet, 31337, "req-e", Now, ct)).Nonce);
        Assert.Empty(await Nonces().ReleasedAsync(_wallet, 31337, ct));
    }

    [Fact]
    public async Task each_wallet_and_chain_counts_on_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        await Nonces().ReserveAsync(_wallet, 31337, "req-a", Now, ct);

        Assert.Equal(0UL, (await Nonces().ReserveAsync(_wallet, 1, "req-b", Now, ct)).Nonce);
        Assert.Equal(0UL, (await Nonces().ReserveAsync(_wallet + "-other", 31337, "req-c", Now, ct)).Nonce);
        Assert.Equal(1UL, (await Nonces().ReserveAsync(_wallet, 31337, "req-d", Now, ct)).Nonce);
    }

    [Fact]
    public async Task a_restarted_signer_gives_a_redelivered_request_the_same_nonce_and_continues_the_count()
    {
        var ct = TestContext.Current.CancellationToken;
        await Nonces().ReserveAsync(_wallet, 31337, "req-a", Now, ct);
        await Nonces().ReserveAsync(_wallet, 31337, "req-b", Now, ct);

        using var restarted = new EmulatedFirestore(emulator, _firestore.ProjectId);

        Assert.Equal(1UL, (await Nonces(restarted).ReserveAsync(_wallet, 31337, "req-b", Now, ct)).Nonce);
        Assert.Equal(2UL, (await Nonces(restarted).ReserveAsync(_wallet, 31337, "req-c", Now, ct)).Nonce);
    }

    [Fact]
    public async Task twenty_concurrent_requests_get_twenty_distinct_gap_free_nonces()
    {
        var ct = TestContext.Current.CancellationToken;
        var nonces = Nonces();

        var reserved = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => nonces.ReserveAsync(_wallet, 31337, $"req-{i}", Now, ct)));

        Assert.Equal(Enumerable.Range(0, 20).Select(n => (ulong)n), reserved.Select(r => r.Nonce).Order());
        Assert.Equal(20UL, await nonces.NextAsync(_wallet, 31337, ct));
    }

    [Fact]
    public async Task replicas_reserving_and_redelivering_at_once_never_share_a_nonce_and_leave_no_gap()
    {
        var ct = TestContext.Current.CancellationToken;
        // Three signer replicas, each its own client as separate processes are; every request is delivered to two of them.
        var replicas = Enumerable.Range(0, 3).Select(_ => new EmulatedFirestore(emulator, _firestore.ProjectId)).ToArray();
        try
        {
            var deliveries = Enumerable.Range(0, 12).SelectMany(i => new[] { (Request: $"req-{i}", Replica: i % 3), (Request: $"req-{i}", Replica: (i + 1) % 3) });

            var reserved = await Task.WhenAll(deliveries.Select(d => Nonces(replicas[d.Replica]).ReserveAsync(_wallet, 31337, d.Request, Now, ct)));

            var byRequest = reserved.GroupBy(r => r.RequestId).ToDictionary(g => g.Key, g => g.Select(r => r.Nonce).Distinct().ToArray());
            Assert.All(byRequest.Values, nonces => Assert.Single(nonces));
            Assert.Equal(Enumerable.Range(0, 12).Select(n => (ulong)n), byRequest.Values.Select(n => n[0]).Order());
            Assert.Equal(12, reserved.Count(r => r.IsNew));
            Assert.Equal(12UL, await Nonces().NextAsync(_wallet, 31337, ct));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Dispose();
            }
        }
    }

    [Fact]
    public async Task ids_that_cannot_name_a_document_and_chain_zero_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Nonces().ReserveAsync("wallet/x", 1, "req-a", Now, ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Nonces().ReserveAsync(_wallet, 1, "req/a", Now, ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Nonces().ReserveAsync(_wallet, 0, "req-a", Now, ct));
    }
}
