using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Gcp.Emulators;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench intake</c> (docs/intake.md, "Benchmark"): auto-approved requests through intake and policy running
/// as their real hosts in child processes over the emulators. C workers each POST a request, wait for the 202 and
/// POST the next; a subscriber on transaction-approved timestamps each approval. Latency is requested (before the
/// POST) to approved (the approval received by the subscriber); throughput is requests over the time from the first
/// POST to the last approval. JSON on stdout, progress on stderr.
/// </summary>
internal static class IntakeBenchCommand
{
    private const string Address = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private const string Payee = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    private const ulong ChainId = 31337;
    private const string Audience = "custody-bench";
    private const string ApprovedTopic = Topics.Approved;
    private const int Wallets = 16;
    private const int WarmUp = 32;

    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Requests measured (after a warm-up of 32).", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent submitters.", DefaultValueFactory = _ => 16 };
        var firestore = new Option<string?>("--emulator-host") { Description = "host:port of a running Firestore emulator (default: start one)." };
        var pubSub = new Option<string?>("--pubsub-emulator-host") { Description = "host:port of a running Pub/Sub emulator (default: start one)." };
        var command = new Command("intake", "Auto-approved requests through the intake and policy services over the emulators: requests/s and requested-to-approved latency.");
        foreach (var option in new Option[] { requests, concurrency, firestore, pubSub })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => Commands.Services.ServiceClient.RunAsync(async () =>
        {
            var n = parse.GetValue(requests);
            var c = parse.GetValue(concurrency);
            if (n is < 1 or > 1_000_000 || c is < 1 or > 1024)
            {
                throw new ArgumentException("--requests must be 1-1000000 and --concurrency 1-1024.");
            }

            await RunAsync(n, c, parse.GetValue(firestore), parse.GetValue(pubSub), ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(int count, int concurrency, string? firestoreHost, string? pubSubHost, CancellationToken ct)
    {
        await using var emulators = new StartedEmulators();
        firestoreHost ??= await emulators.StartAsync(GoogleEmulatorKind.Firestore, ct).ConfigureAwait(false);
        pubSubHost ??= await emulators.StartAsync(GoogleEmulatorKind.PubSub, ct).ConfigureAwait(false);
        var project = $"bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
        var work = Directory.CreateTempSubdirectory("custody-bench-intake-");
        await using var issuer = await DevIdTokenIssuer.StartAsync("Development", ct: ct).ConfigureAwait(false);
        var (policyFile, approvers) = WritePolicy(work.FullName);
        var common = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Google__ProjectId"] = project,
            ["Google__UseEmulators"] = "true",
            ["Google__PubSubEmulatorHost"] = pubSubHost,
            ["Google__FirestoreEmulatorHost"] = firestoreHost,
            ["Messaging__ProvisionTopology"] = "true",
            ["Authentication__Authority"] = issuer.Issuer,
            ["Authentication__Audience"] = Audience,
        };

        using var channels = GoogleCliOptions.Channels(project, "(default)", firestoreHost, pubSubHost);
        var wallets = new WalletRegistry(new FirestoreDatabase(channels));
        for (var w = 0; w < Wallets; w++)
        {
            await wallets.RegisterAsync(new WalletRecord($"bench-wallet-{w}", Address, [ChainId]), ct).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync("starting the policy and intake services ...").ConfigureAwait(false);
        await using var policy = await ServiceProcess.StartAsync("Policy", new Dictionary<string, string>(common)
        {
            ["Policy__File"] = policyFile,
            ["Policy__ApproversDirectory"] = approvers,
        }, work.FullName, ct).ConfigureAwait(false);
        await using var intake = await ServiceProcess.StartAsync("Intake", common, work.FullName, ct).ConfigureAwait(false);

        var approvedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await new PubSubProvisioner(channels).EnsureSubscriptionAsync(new SubscriptionSpec("bench-approved", ApprovedTopic), ct).ConfigureAwait(false);
        await using var subscriber = new PubSubSubscriber(channels, "bench-approved", new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
        await subscriber.StartAsync((message, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            var approved = JsonSerializer.Deserialize(message.Data.Span, ContractsJsonContext.Default.TransactionApproved);
            if (approved is not null)
            {
                approvedAt.TryAdd(approved.RequestId, now);
            }

            return Task.FromResult(AckDecision.Ack);
        }, ct).ConfigureAwait(false);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = intake.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue("bench-app", [ServiceRoles.UpstreamApp], Audience, TimeSpan.FromHours(2)));

        await Console.Error.WriteLineAsync($"warm-up: {WarmUp} requests ...").ConfigureAwait(false);
        var warm = await SubmitAllAsync(http, "warm", WarmUp, concurrency, ct).ConfigureAwait(false);
        await WaitForAsync(approvedAt, warm.Keys, ct).ConfigureAwait(false);

        await Console.Error.WriteLineAsync($"measuring: {count} requests, {concurrency} concurrent submitters ...").ConfigureAwait(false);
        var submittedAt = await SubmitAllAsync(http, "run", count, concurrency, ct).ConfigureAwait(false);
        await WaitForAsync(approvedAt, submittedAt.Keys, ct).ConfigureAwait(false);

        var latencies = submittedAt.Select(s => Stopwatch.GetElapsedTime(s.Value.Start, approvedAt[s.Key]).TotalMilliseconds).Order().ToArray();
        var accepts = submittedAt.Select(s => s.Value.AcceptMs).Order().ToArray();
        var first = submittedAt.Values.Min(s => s.Start);
        var last = submittedAt.Keys.Max(k => approvedAt[k]);
        var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("requests", count);
        json.WriteNumber("concurrency", concurrency);
        json.WriteNumber("seconds", Math.Round(seconds, 3));
        json.WriteNumber("requestsPerSecond", Math.Round(count / seconds, 1));
        json.WriteNumber("p50Ms", Math.Round(Percentile(latencies, 0.50), 1));
        json.WriteNumber("p99Ms", Math.Round(Percentile(latencies, 0.99), 1));
        json.WriteNumber("maxMs", Math.Round(latencies[^1], 1));
        json.WriteNumber("acceptedP50Ms", Math.Round(Percentile(accepts, 0.50), 1));
        json.WriteNumber("acceptedP99Ms", Math.Round(Percentile(accepts, 0.99), 1));
        json.WriteString("measured", "requested (before POST /v1/transactions) to approved (transaction-approved received by a subscriber); intake and policy as child processes; Firestore and Pub/Sub emulators");
        json.WriteNumber("wallets", Wallets);
        json.WriteString("logs", work.FullName);
        json.WriteEndObject();
        await json.FlushAsync(ct).ConfigureAwait(false);
        await Console.Out.WriteLineAsync().ConfigureAwait(false);
    }

    private static async Task<ConcurrentDictionary<string, (long Start, double AcceptMs)>> SubmitAllAsync(HttpClient http, string prefix, int count, int concurrency, CancellationToken ct)
    {
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var submitted = new ConcurrentDictionary<string, (long, double)>(StringComparer.Ordinal);
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var request = new TransactionRequested($"bench-{prefix}-{run}-{i}", $"bench-wallet-{i % Wallets}", Address, ChainId, Payee, "1", "0x", "bench", DateTimeOffset.UtcNow);
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync(new Uri("v1/transactions", UriKind.Relative), request, ContractsJsonContext.Default.TransactionRequested, ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new ArgumentException($"intake answered {(int)response.StatusCode} to {request.RequestId}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
                }

                submitted[request.RequestId] = (start, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return submitted;
    }

    private static async Task WaitForAsync(ConcurrentDictionary<string, long> approvedAt, ICollection<string> ids, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!ids.All(approvedAt.ContainsKey))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new ArgumentException($"{ids.Count(id => !approvedAt.ContainsKey(id))} of {ids.Count} requests were not approved within 3 minutes (see the service logs).");
            }

            await Task.Delay(20, ct).ConfigureAwait(false);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    // Every request is ALLOWed; the policy service needs an approvers directory with at least one key.
    private static (string PolicyFile, string ApproversDirectory) WritePolicy(string directory)
    {
        var policyFile = Path.Combine(directory, "bench-policy.json");
        File.WriteAllText(policyFile, """{ "version": 1, "name": "bench-allow-all", "rules": [ { "id": "bench-allow", "action": { "type": "ALLOW" } } ] }""");
        var approvers = Directory.CreateDirectory(Path.Combine(directory, "approvers")).FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(approvers, "bench.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        return (policyFile, approvers);
    }
}
