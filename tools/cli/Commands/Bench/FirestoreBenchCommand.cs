using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Gcp.Channels;
using Custody.Gcp.Emulators;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Gcp.Retry;
using Custody.Messaging.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench firestore</c>: nonce-counter transactions per second under contention, and outbox
/// commit-to-publish latency (docs/state.md, "Benchmarks"). JSON on stdout, progress on stderr.
/// Uses the emulators named by --emulator-host / --pubsub-emulator-host, or starts them (EmulatorProcess);
/// the relay publishes through the batching PubSubPublisher, or with --no-pubsub only up to its transport call.
/// </summary>
internal static class FirestoreBenchCommand
{
    private static TransactionRetryPolicy Patient = new(200, new JitteredBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500)));

    public static Command Create()
    {
        var emulator = new Option<string?>("--emulator-host") { Description = "host:port of a running Firestore emulator (default: start one)." };
        var pubSub = new Option<string?>("--pubsub-emulator-host") { Description = "host:port of a running Pub/Sub emulator (default: start one)." };
        var noPubSub = new Option<bool>("--no-pubsub") { Description = "Measure outbox latency up to the relay's transport call, without Pub/Sub." };
        var workers = new Option<string>("--workers") { Description = "Comma-separated concurrent worker counts.", DefaultValueFactory = _ => "8,32" };
        var transactions = BoundedOptions.Integer("--transactions", "Counter transactions per worker count,", 300, 1, 100_000);
        var messages = BoundedOptions.Integer("--outbox-messages", "Outbox entries for the latency run,", 200, 1, 100_000);
        var noGates = new Option<bool>("--no-local-gates") { Description = "Disable in-process queueing of transactions on the same document (measure raw server contention)." };
        var command = new Command("firestore", "Benchmark Firestore transactions (nonce counter under contention) and outbox commit-to-publish latency.");
        foreach (var option in new Option[] { emulator, pubSub, noPubSub, workers, transactions, messages, noGates })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            int[] workerCounts;
            try
            {
                workerCounts = parse.GetValue(workers)!.Split(',').Select(w => int.Parse(w, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
                GoogleCliOptions.CheckHost(parse.GetValue(emulator), "--emulator-host");
                GoogleCliOptions.CheckHost(parse.GetValue(pubSub), "--pubsub-emulator-host");
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(ex is ArgumentException ? $"error: {ex.Message}" : "error: --workers: must be comma-separated integers in [1, 256]").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            if (workerCounts.Any(w => w is < 1 or > 256))
            {
                await Console.Error.WriteLineAsync("error: --workers: must be comma-separated integers in [1, 256]").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            if (parse.GetValue(noGates))
            {
                Patient = Patient with { LocalGateWait = TimeSpan.Zero };
            }

            // The server being talked to, for the one-line error if it fails.
            var (what, where) = ("Firestore emulator", parse.GetValue(emulator) ?? "a local emulator started with java");
            await using var emulators = new StartedEmulators();
            try
            {
                var firestoreHost = parse.GetValue(emulator) ?? await emulators.StartAsync(GoogleEmulatorKind.Firestore, ct).ConfigureAwait(false);
                (what, where) = ("Pub/Sub emulator", parse.GetValue(pubSub) ?? "a local emulator started with java");
                var pubSubHost = parse.GetValue(noPubSub) ? null : parse.GetValue(pubSub) ?? await emulators.StartAsync(GoogleEmulatorKind.PubSub, ct).ConfigureAwait(false);
                (what, where) = ("Firestore emulator", firestoreHost);
                var project = $"bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
                using var channels = GoogleCliOptions.Channels(project, "(default)", firestoreHost, pubSubHost);
                var database = new FirestoreDatabase(channels);

                // The JSON is built in memory and written only when the whole run succeeded: never a truncated document on stdout.
                var output = new MemoryStream();
                await using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteString("project", project);
                    json.WriteString("firestore", "emulator " + firestoreHost);
                    json.WriteBoolean("localGates", Patient.LocalGateWait != TimeSpan.Zero);
                    json.WriteStartArray("nonceCounter");
                    using (var reachable = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        // A server that accepts connections but never answers as Firestore would must not hang the run.
                        reachable.CancelAfter(TimeSpan.FromSeconds(30));
                        await database.GetAsync(DocumentPath.Of("bench-wallets", "probe"), RawFields.Mapper, reachable.Token).ConfigureAwait(false);
                    }

                    foreach (var count in workerCounts)
                    {
                        await CounterAsync(database, count, parse.GetValue(transactions), json, ct).ConfigureAwait(false);
                    }

                    json.WriteEndArray();
                    if (pubSubHost is not null)
                    {
                        (what, where) = ("Pub/Sub emulator", pubSubHost);
                    }

                    await OutboxAsync(database, channels, pubSubHost is not null, parse.GetValue(messages), json, ct).ConfigureAwait(false);
                    json.WriteEndObject();
                }

                output.Write("\n"u8);
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ServerFailure.Report(what, where, new TimeoutException());
            }
            catch (Exception ex) when (ServerFailure.IsServerFailure(ex) || ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return ServerFailure.Report(what, where, ex);
            }
        });
        return command;
    }

    private static async Task CounterAsync(FirestoreDatabase database, int workers, int total, Utf8JsonWriter json, CancellationToken ct)
    {
        var path = DocumentPath.Of("bench-wallets", $"w{workers}");
        await database.SetAsync(path, new FieldMap { ["nextNonce"] = FieldValue.Integer(0) }, RawFields.Mapper, ct).ConfigureAwait(false);
        var remaining = total;
        var attempts = 0;
        var handedOut = new ConcurrentBag<long>();
        await Console.Error.WriteLineAsync($"nonce counter: {total} transactions, {workers} workers ...").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var nonce = await database.RunTransactionAsync(async (tx, token) =>
                {
                    Interlocked.Increment(ref attempts);
                    var current = (await tx.GetAsync(path, RawFields.Mapper, token).ConfigureAwait(false))!.Value.GetInteger("nextNonce");
                    tx.Update(path, new FieldMap { ["nextNonce"] = FieldValue.Integer(current + 1) }, RawFields.Mapper);
                    return current;
                }, Patient, ct).ConfigureAwait(false);
                handedOut.Add(nonce);
            }
        })).ConfigureAwait(false);
        clock.Stop();
        var final = (await database.GetAsync(path, RawFields.Mapper, ct).ConfigureAwait(false))!.Value.GetInteger("nextNonce");
        json.WriteStartObject();
        json.WriteNumber("workers", workers);
        json.WriteNumber("transactions", total);
        json.WriteNumber("seconds", Math.Round(clock.Elapsed.TotalSeconds, 3));
        json.WriteNumber("transactionsPerSecond", Math.Round(total / clock.Elapsed.TotalSeconds, 1));
        json.WriteNumber("attempts", attempts);
        json.WriteNumber("retriedAttempts", attempts - total);
        json.WriteNumber("finalValue", final);
        json.WriteNumber("distinctNoncesHandedOut", handedOut.Distinct().Count());
        json.WriteEndObject();
    }

    private static async Task OutboxAsync(FirestoreDatabase database, GoogleChannelFactory channels, bool realPubSub, int messages, Utf8JsonWriter json, CancellationToken ct)
    {
        const string topic = "bench-outbox";
        IOutboxTransport inner = new NoTransport();
        await using var publisher = realPubSub ? new PubSubPublisher(channels, new PublisherSettings(), NullLogger<PubSubPublisher>.Instance) : null;
        if (publisher is not null)
        {
            await new PubSubProvisioner(channels).EnsureTopicAsync(topic, ct).ConfigureAwait(false);
            inner = new PubSubPublisherTransport(publisher);
        }

        var transport = new TimingTransport(inner);
        var writer = new OutboxWriter();
        var committedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var relay = new OutboxRelay(database, transport, new OutboxRelayOptions { DirectPublishGrace = TimeSpan.Zero }, NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"outbox: {messages} entries, 4 writers, relay woken after each commit ...").ConfigureAwait(false);
        var remaining = messages;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            int i;
            while ((i = Interlocked.Decrement(ref remaining)) >= 0)
            {
                var id = $"m{i}";
                await database.RunTransactionAsync((tx, token) => writer.AddAsync(tx, topic,
                    new OutgoingMessage(new byte[64], new Dictionary<string, string> { ["benchId"] = id }, $"wallet-{w}"), token), Patient, ct).ConfigureAwait(false);
                committedAt[id] = Stopwatch.GetTimestamp();
                relay.Wake();
            }
        })).ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (transport.Count < messages && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        await relay.StopAsync(ct).ConfigureAwait(false);
        var latencies = committedAt
            .Where(pair => transport.PublishedAt.ContainsKey(pair.Key))
            .Select(pair => Math.Max(0, Stopwatch.GetElapsedTime(pair.Value, transport.PublishedAt[pair.Key]).TotalMilliseconds))
            .Order()
            .ToArray();
        json.WriteStartObject("outbox");
        json.WriteString("measured", realPubSub ? "commit to Pub/Sub emulator publish accepted (PubSubPublisher)" : "commit to relay transport call (no Pub/Sub)");
        json.WriteNumber("entries", messages);
        json.WriteNumber("published", latencies.Length);
        if (latencies.Length > 0)
        {
            json.WriteNumber("p50Ms", Math.Round(Percentile(latencies, 0.50), 1));
            json.WriteNumber("p99Ms", Math.Round(Percentile(latencies, 0.99), 1));
            json.WriteNumber("maxMs", Math.Round(latencies[^1], 1));
        }

        json.WriteEndObject();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Records when the relay's publish completed, per entry.</summary>
    private sealed class TimingTransport(IOutboxTransport inner) : IOutboxTransport
    {
        public ConcurrentDictionary<string, long> PublishedAt { get; } = new(StringComparer.Ordinal);

        public int Count => PublishedAt.Count;

        public async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
        {
            var id = await inner.PublishAsync(topicId, message, ct).ConfigureAwait(false);
            PublishedAt.TryAdd(message.Attributes["benchId"], Stopwatch.GetTimestamp());
            return id;
        }
    }

    /// <summary>Measures the relay alone: accepts the entry without sending it anywhere.</summary>
    private sealed class NoTransport : IOutboxTransport
    {
        private long _next;

        public Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct) =>
            Task.FromResult(Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture));
    }
}
