using System.Diagnostics.Metrics;
using Custody.Mpc.Curve;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Presigning;

/// <summary>The pool refills in the background to its target, hands each id out once, and reports its size as a gauge.</summary>
public sealed class when_a_pool_refills(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId[] Signers = [PartyId.Create(1), PartyId.Create(3)];

    [Fact]
    public async Task it_fills_to_its_target_hands_out_distinct_ids_refills_and_reports_the_gauge()
    {
        var ct = TestContext.Current.CancellationToken;
        using var shares = new ShareSet(keys.Fresh());
        var refill = new Refill(shares, seed: 61, failFirst: 0);
        var (stores, wallet) = (refill.Stores, refill.Wallet);
        await using var pool = new PresignaturePool(wallet, Signers, targetSize: 3, stores[Signers[0]], refill.GenerateAsync);

        pool.Start();
        await pool.FilledAsync(ct);
        Assert.Equal(3, pool.Available);
        Assert.Equal(3, GaugeFor(wallet));

        var first = await pool.TryTakeAsync(ct);
        var second = await pool.TryTakeAsync(ct);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        // The refill may already be running again: at most one of the three is left until it adds more.
        Assert.InRange(pool.Available, 1, 2);

        var hash = Cluster.MessageHash();
        var signature = (await PresignCluster.SignAsync(shares.Shares, Signers, stores, first!, hash, wallet: wallet)).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));

        await pool.FilledAsync(ct);
        Assert.Equal(3, pool.Available);
        Assert.Equal(5, refill.Attempts);
        Assert.Equal(3, GaugeFor(wallet));
    }

    [Fact]
    public async Task a_presigning_run_that_aborts_is_retried_and_the_pool_still_fills()
    {
        var ct = TestContext.Current.CancellationToken;
        using var shares = new ShareSet(keys.Fresh());
        var refill = new Refill(shares, seed: 62, failFirst: 1);
        var waits = new List<TimeSpan>();
        await using var pool = new PresignaturePool(refill.Wallet, Signers, targetSize: 1, refill.Stores[Signers[0]], refill.GenerateAsync, Recorded(waits));

        pool.Start();
        await pool.FilledAsync(ct);

        Assert.Equal(2, refill.Attempts);
        Assert.Equal(1, pool.Available);
        Assert.Null(pool.LastError);
        Assert.Equal([PresignaturePool.FirstRetryDelay], waits);
    }

    [Fact]
    public async Task runs_that_keep_failing_are_retried_after_a_wait_that_doubles_and_a_success_resets_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var shares = new ShareSet(keys.Fresh());
        var refill = new Refill(shares, seed: 63, failFirst: 4);
        var waits = new List<TimeSpan>();
        await using var pool = new PresignaturePool(refill.Wallet, Signers, targetSize: 1, refill.Stores[Signers[0]], refill.GenerateAsync, Recorded(waits));

        pool.Start();
        await pool.FilledAsync(ct);

        Assert.Equal(5, refill.Attempts);
        Assert.Equal([200, 400, 800, 1600], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(30), PresignaturePool.RetryDelay(20));
    }

    /// <summary>A wait that returns at once and records how long the pool asked to wait (no real time passes in the test).</summary>
    private static Func<TimeSpan, CancellationToken, Task> Recorded(List<TimeSpan> waits) => (delay, _) =>
    {
        lock (waits)
        {
            waits.Add(delay);
        }

        return Task.CompletedTask;
    };

    /// <summary>The service's part of a pool: a presigning run among the signers into each party's store, counted.</summary>
    private sealed class Refill(ShareSet shares, ulong seed, int failFirst)
    {
        private readonly MpcRandom _random = MpcRandom.Seeded(seed);
        private int _attempts;

        public Dictionary<PartyId, IPresignatureStore> Stores { get; } = PresignCluster.InMemoryStores(Signers);

        public string Wallet { get; } = "wallet-pool-" + Guid.NewGuid().ToString("N");

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task GenerateAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failFirst)
            {
                throw new MpcAbortException(Signers[1], "a co-signer failed a check");
            }

            await PresignCluster.PresignAsync(shares.Shares, Signers, Stores, _random, Wallet);
        }
    }

    private static int GaugeFor(string wallet)
    {
        int? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PresignaturePool.MeterName && instrument.Name == PresignaturePool.AvailableGauge)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "wallet" && (string?)tag.Value == wallet)
                {
                    value = measurement;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException("the gauge reported nothing for the wallet");
    }
}
