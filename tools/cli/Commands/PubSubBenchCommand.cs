using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Gcp.Emulators;
using Custody.Gcp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench pubsub</c>: publishes N messages through <see cref="PubSubPublisher"/> to the Pub/Sub
/// emulator (started here, or the one at --emulator-host) and handles them with <see cref="PubSubSubscriber"/>;
/// reports publish and handle rates and publish-to-handler latency percentiles. Without --rate every message is
/// published at once, so latency measures the backlog; with --rate the publisher is paced and latency is that
/// of one message's path at that load.
/// </summary>
internal static class PubSubBenchCommand
{
    private const string SentAtAttribute = "bench-sent-at";

    public static Command Create()
    {
        var messages = BoundedOptions.Integer("--messages", "Messages to publish,", 20_000, 1, 10_000_000);
        var size = BoundedOptions.Integer("--size", "Payload bytes per message,", 1024, 1, 1_000_000);
        var rate = BoundedOptions.Integer("--rate", "Publish at most this many messages per second (0: all at once),", 0, 0, 1_000_000);
        var host = new Option<string?>("--emulator-host") { Description = "host:port of a running Pub/Sub emulator (default: start one with java)." };
        var command = new Command("pubsub", "Publish and handle messages through the Pub/Sub emulator; print rates and latency as JSON.");
        command.Options.Add(messages);
        command.Options.Add(size);
        command.Options.Add(rate);
        command.Options.Add(host);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(messages), parse.GetValue(size), parse.GetValue(rate), parse.GetValue(host), ct));
        return command;
    }

    private static async Task<int> RunAsync(int count, int size, int rate, string? emulatorHost, CancellationToken ct)
    {
        try
        {
            GoogleCliOptions.CheckHost(emulatorHost, "--emulator-host");
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }

        EmulatorProcess? started = null;
        var where = emulatorHost ?? "a local emulator started with java";
        try
        {
            if (emulatorHost is null)
            {
                await Console.Error.WriteLineAsync("starting the Pub/Sub emulator...").ConfigureAwait(false);
                started = await EmulatorProcess.StartAsync(GoogleEmulatorKind.PubSub, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
                emulatorHost = where = started.Host;
            }

            var result = await MeasureAsync(emulatorHost, count, size, rate, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, BenchJson.Default.PubSubBenchResult)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ServerFailure.IsServerFailure(ex) || ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return ServerFailure.Report("Pub/Sub emulator", where, ex);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ServerFailure.Report("Pub/Sub emulator", where, new TimeoutException());
        }
        finally
        {
            if (started is not null)
            {
                await started.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<PubSubBenchResult> MeasureAsync(string emulatorHost, int count, int size, int rate, CancellationToken ct)
    {
        var project = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        using var channels = new GoogleChannelFactory(
            new GoogleCloudOptions { ProjectId = project, UseEmulators = true, PubSubEmulatorHost = emulatorHost },
            _ => throw new InvalidOperationException("the benchmark only talks to the emulator"));
        using (var setup = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            // A server that accepts connections but never answers as Pub/Sub would must not hang the run.
            setup.CancelAfter(TimeSpan.FromSeconds(30));
            await new PubSubProvisioner(channels).EnsureSubscriptionAsync(new SubscriptionSpec("bench", "bench"), setup.Token).ConfigureAwait(false);
        }

        var latencies = new ConcurrentBag<double>();
        var handled = new ConcurrentDictionary<string, byte>();
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        TimeSpan lastHandled = default;
        await using var subscriber = new PubSubSubscriber(channels, "bench", new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
        await subscriber.StartAsync(
            (message, _) =>
            {
                if (handled.TryAdd(message.MessageId, 0))
                {
                    var sentAt = long.Parse(message.Attributes[SentAtAttribute], CultureInfo.InvariantCulture);
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                    if (handled.Count == count)
                    {
                        lastHandled = clock.Elapsed;
                        allHandled.TrySetResult();
                    }
                }

                return Task.FromResult(AckDecision.Ack);
            },
            ct).ConfigureAwait(false);

        await Console.Error.WriteLineAsync($"publishing {count} messages of {size} bytes...").ConfigureAwait(false);
        var payload = RandomNumberGenerator.GetBytes(size);
        var publishStart = clock.Elapsed;
        TimeSpan published;
        await using (var publisher = new PubSubPublisher(channels, new PublisherSettings(), NullLogger<PubSubPublisher>.Instance))
        {
            var sends = new Task<string>[count];
            for (var i = 0; i < count; i++)
            {
                // Pacing to the requested load (not synchronisation): message i is due at i / rate seconds.
                var wait = rate == 0 ? TimeSpan.Zero : publishStart + TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                }

                var attributes = new Dictionary<string, string> { [SentAtAttribute] = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) };
                sends[i] = publisher.PublishAsync("bench", new OutgoingMessage(payload, attributes), ct);
            }

            await Task.WhenAll(sends).ConfigureAwait(false);
            published = clock.Elapsed - publishStart;
        }

        await Console.Error.WriteLineAsync($"published in {published.TotalSeconds:0.00} s; waiting for the handlers...").ConfigureAwait(false);
        await allHandled.Task.WaitAsync(TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        await subscriber.StopAsync(ct).ConfigureAwait(false);

        var sorted = latencies.Order().ToArray();
        var handledSpan = lastHandled - publishStart;
        return new PubSubBenchResult(
            count,
            rate,
            size,
            Math.Round(count / published.TotalSeconds, 0),
            Math.Round(count / handledSpan.TotalSeconds, 0),
            Math.Round(Percentile(sorted, 0.50), 1),
            Math.Round(Percentile(sorted, 0.99), 1),
            Math.Round(published.TotalSeconds, 2),
            Math.Round(handledSpan.TotalSeconds, 2),
            Environment.ProcessorCount);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
