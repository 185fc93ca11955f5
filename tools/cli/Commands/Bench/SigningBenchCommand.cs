extern alias policyservice;

using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Custody.State;
using Microsoft.Extensions.Logging.Abstractions;
using policyservice::Custody.Policy.Decisions;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench signing</c> (docs/signing.md "Benchmark"): approved requests signed by the signer and two
/// co-signers running as their real hosts in child processes (<see cref="ProcessStack"/> without intake, policy and broadcaster). C workers, each with
/// its own 2-of-3 wallet, store a request as Approved and publish transaction-approved as the policy service does,
/// wait for its transaction-signed, and go on. A session's time is what the signer's coordinator measured (checks,
/// its own MPC computation, waiting for the co-signers), recorded with the request; a request's time runs from the
/// publish to transaction-signed received. JSON on stdout, progress on stderr.
/// </summary>
internal static class SigningBenchCommand
{
    private const string SignedSubscription = "bench-transaction-signed";
    private const int WarmUpPerWallet = 2;

    public static Command Create()
    {
        var signatures = new Option<int>("--signatures") { Description = "Signatures measured (after a warm-up of 2 per wallet).", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent requests, each worker on its own wallet.", DefaultValueFactory = _ => 8 };
        var command = new Command("signing", "Approved requests signed by the signer and two co-signers (child processes, TLS party channel, attestation) over the emulators and anvil.");
        command.Options.Add(signatures);
        command.Options.Add(concurrency);
        command.SetAction((parse, ct) => Commands.Services.ServiceClient.RunAsync(async () =>
        {
            var n = parse.GetValue(signatures);
            var c = parse.GetValue(concurrency);
            if (n is < 1 or > 100_000 || c is < 1 or > 64)
            {
                throw new ArgumentException("--signatures must be 1-100000 and --concurrency 1-64.");
            }

            await RunAsync(n, c, ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(int count, int concurrency, CancellationToken ct)
    {
        await using var stack = await ProcessStack.StartAsync(new StackOptions { Pipeline = false, LogLevel = "Warning", PolicyJson = StackPolicies.Bench }, ct).ConfigureAwait(false);
        using var channels = GoogleCliOptions.Channels(stack.ProjectId, "(default)", stack.FirestoreHost, stack.PubSubHost);
        var store = new TransactionStore(new FirestoreDatabase(channels));
        var wallets = new List<(string Id, string Address)>();
        for (var w = 0; w < concurrency; w++)
        {
            await Console.Error.WriteLineAsync($"key ceremony of wallet {w + 1} of {concurrency} ...").ConfigureAwait(false);
            var wallet = await stack.CreateWalletAsync($"bench-wallet-{w}", ct).ConfigureAwait(false);
            wallets.Add((wallet.WalletId, wallet.Address));
        }

        var signedAt = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        await new PubSubProvisioner(channels).EnsureSubscriptionAsync(new SubscriptionSpec(SignedSubscription, Topics.Signed), ct).ConfigureAwait(false);
        await using var subscriber = new PubSubSubscriber(channels, SignedSubscription, new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
        await subscriber.StartAsync((message, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            var signed = JsonSerializer.Deserialize(message.Data.Span, ContractsJsonContext.Default.TransactionSigned);
            if (signed is not null)
            {
                signedAt.GetOrAdd(signed.RequestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
            }

            return Task.FromResult(AckDecision.Ack);
        }, ct).ConfigureAwait(false);
        await using var publisher = new PubSubPublisher(channels, new PublisherSettings(), NullLogger<PubSubPublisher>.Instance);
        var approvals = new Approvals(store, publisher, signedAt);

        await Console.Error.WriteLineAsync($"warm-up: {WarmUpPerWallet * concurrency} signatures ...").ConfigureAwait(false);
        await approvals.RunAsync("warm", WarmUpPerWallet * concurrency, wallets, ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"measuring: {count} signatures, {concurrency} concurrent requests ...").ConfigureAwait(false);
        var run = await approvals.RunAsync("run", count, wallets, ct).ConfigureAwait(false);

        var times = new List<SigningTimes>();
        foreach (var requestId in run.Keys)
        {
            var record = (await store.GetAsync(requestId, ct).ConfigureAwait(false))?.Value;
            times.Add(record?.SigningTimes ?? throw new InvalidOperationException($"{requestId} is signed but carries no signing times"));
        }

        Write(count, concurrency, run, times, stack.Work.FullName);
    }

    private static void Write(int count, int concurrency, IReadOnlyDictionary<string, (long Published, long Signed)> run, List<SigningTimes> times, string logs)
    {
        var sessions = times.Select(t => t.ChecksMs + t.ComputeMs + t.RelayMs).Order().ToArray();
        var requests = run.Values.Select(r => Stopwatch.GetElapsedTime(r.Published, r.Signed).TotalMilliseconds).Order().ToArray();
        var seconds = Stopwatch.GetElapsedTime(run.Values.Min(r => r.Published), run.Values.Max(r => r.Signed)).TotalSeconds;
        var total = sessions.Sum();
        using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("signatures", count);
        json.WriteNumber("concurrency", concurrency);
        json.WriteString("scheme", "DKLs23 2-of-3 (signer + one co-signer per session)");
        json.WriteNumber("seconds", Math.Round(seconds, 3));
        json.WriteNumber("signaturesPerSecond", Math.Round(count / seconds, 1));
        json.WriteNumber("p50Ms", Math.Round(Percentile(sessions, 0.50), 1));
        json.WriteNumber("p99Ms", Math.Round(Percentile(sessions, 0.99), 1));
        json.WriteNumber("requestP50Ms", Math.Round(Percentile(requests, 0.50), 1));
        json.WriteNumber("requestP99Ms", Math.Round(Percentile(requests, 0.99), 1));
        json.WriteStartObject("share");
        json.WriteNumber("checks", Math.Round(times.Sum(t => t.ChecksMs) / total, 3));
        json.WriteNumber("mpcCompute", Math.Round(times.Sum(t => t.ComputeMs) / total, 3));
        json.WriteNumber("relay", Math.Round(times.Sum(t => t.RelayMs) / total, 3));
        json.WriteEndObject();
        json.WriteString("measured",
            "p50Ms/p99Ms: one signing session as the signer's coordinator measured it (checks: its decision, challenges, attestation token, co-signer admissions; mpcCompute: its own DKLs23 rounds with its durable ledger and signing-log writes; relay: waiting for the co-signer's messages, its computation included); "
            + "requestP50Ms/requestP99Ms and signaturesPerSecond: transaction-approved published to transaction-signed received (nonce reservation, fee pricing on anvil, Firestore records and the outbox included); signer and co-signers as child processes; Firestore and Pub/Sub emulators");
        json.WriteString("logs", logs);
        json.WriteEndObject();
        json.Flush();
        Console.Out.WriteLine();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>What the policy service does on ALLOW: the request stored as Approved, then transaction-approved published.</summary>
    private sealed class Approvals(TransactionStore store, PubSubPublisher publisher, ConcurrentDictionary<string, TaskCompletionSource<long>> signedAt)
    {
        private readonly Policy _policy = PolicyParser.Parse(StackPolicies.Bench);

        /// <summary>Each wallet's worker signs its share of <paramref name="count"/> requests one after another; returns publish and signed times.</summary>
        public async Task<IReadOnlyDictionary<string, (long Published, long Signed)>> RunAsync(string prefix, int count, IReadOnlyList<(string Id, string Address)> wallets, CancellationToken ct)
        {
            var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var results = new ConcurrentDictionary<string, (long, long)>(StringComparer.Ordinal);
            var next = -1;
            await Task.WhenAll(wallets.Select(async wallet =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var requestId = $"bench-{prefix}-{run}-{i}";
                    var published = await ApproveAsync(requestId, wallet, ct).ConfigureAwait(false);
                    var signed = signedAt.GetOrAdd(requestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                    if (await Task.WhenAny(signed, Task.Delay(TimeSpan.FromSeconds(60), ct)).ConfigureAwait(false) != signed)
                    {
                        var record = (await store.GetAsync(requestId, ct).ConfigureAwait(false))?.Value;
                        throw new ArgumentException($"{requestId} was not signed within 60 s (state {record?.State.ToString() ?? "absent"}: {record?.SigningNote}); see the service logs.");
                    }

                    results[requestId] = (published, await signed.ConfigureAwait(false));
                }
            })).ConfigureAwait(false);
            return results;
        }

        private async Task<long> ApproveAsync(string requestId, (string Id, string Address) wallet, CancellationToken ct)
        {
            var request = new TransactionRequested(requestId, wallet.Id, wallet.Address, Custody.AppHost.StackSettings.AnvilChainId, StackPolicies.Payee, "1000", "0x", "bench", DateTimeOffset.UtcNow);
            var intent = TransactionIntent.Create(request);
            var decidedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var approved = new TransactionApproved(requestId, request, intent.Hash.ToString(), new ApprovalEvidence(_policy.Id.ToString(), "bench-allow", [], decidedAt), decidedAt);
            var record = new TransactionRecord
            {
                RequestId = requestId, BodyHash = "bench-" + requestId, State = TransactionState.Approved, WalletId = wallet.Id, Request = request,
                IntentHash = intent.Hash.ToString(), Decision = "ALLOW", RuleId = "bench-allow", PolicyId = _policy.Id.ToString(), DecidedAt = decidedAt,
                CreatedAt = decidedAt, UpdatedAt = decidedAt, TraceId = "",
            };
            await store.Database.RunTransactionAsync((tx, token) => store.CreateIfAbsentAsync(tx, record, token), ct: ct).ConfigureAwait(false);
            var published = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(PolicyEvents.ApprovedTopic, EventEnvelope.Create(approved, PolicyEvents.Approved, "//custody/policy", orderingKey: null), ct).ConfigureAwait(false);
            return published;
        }
    }
}
